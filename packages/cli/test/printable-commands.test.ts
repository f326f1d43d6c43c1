// rotate, adopt, unlock and plan print what a store's server said (here a Vault whose error carries an OSC title
// sequence, BEL and a C1 CSI): every control character is escaped, nothing reaches the terminal to act on. The
// server listens on 127.0.0.1 and is stopped after the tests.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingServer, recordingServer } from '../../core/test/recording-server.js';
import type { CliIo } from '../src/cli-io.js';
import { progressStderr } from '../src/commands/rotate-command.js';
import { printableIo } from '../src/printable.js';
import { runCli } from '../src/program.js';

const HOSTILE = 'sealed \u001b]0;pwned\u0007 by \u009b31m operator';
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters that must not be printed.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

let vault: RecordingServer;
let dir: string;
let planFile: string;
beforeAll(async () => {
  vault = await recordingServer((_request, response) =>
    response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [HOSTILE] })),
  );
  dir = await mkdtemp(path.join(tmpdir(), 'dbpass-printable-'));
  planFile = path.join(dir, 'dbpass.yaml');
  await writeFile(
    planFile,
    [
      'version: 1',
      `store: { vault: { address: "${vault.url}", path: dbpass } }`,
      'connections:',
      '  hw: { cloud: huawei, region: cn-north-4, projectId: 0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b, credentials: { accessKeyEnv: HW_AK, secretKeyEnv: HW_SK } }',
      'targets:',
      '  - { name: app-db, kind: taurusdb-root, connection: hw, instanceId: 6f0d8b1c2a3e4f5061728394a5b6c7d8in07, verify: { by: login, address: "db.internal:3306" } }',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await vault.close();
  await rm(dir, { recursive: true, force: true });
});

async function dbpass(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { VAULT_TOKEN: 'hvs.printable-test', HW_AK: 'ak', HW_SK: 'sk' },
    isTTY: false,
  };
  const code = await runCli(['--plan', planFile, ...args], io);
  return { code, stdout, stderr };
}

describe.each([['rotate'], ['adopt'], ['unlock'], ['plan']])('dbpass %s', (command) => {
  it("escapes the control characters of the server's error, as text and as JSON", async () => {
    const text = await dbpass([command]);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('sealed \\x1b]0;pwned\\x07 by \\x9b31m operator');
    expect(text.stdout + text.stderr).not.toMatch(CONTROL);

    const json = await dbpass(['--json', command]);
    expect(json.code).toBe(1);
    expect(json.stdout + json.stderr).not.toMatch(CONTROL);
    const error = JSON.parse(json.stdout.trim().split('\n').at(-1)!) as { type: string; message: string };
    expect(error.type).toBe('error');
    expect(error.message, 'the JSON value is unchanged').toContain(HOSTILE);
  });
});

describe("rotate's progress line on a terminal", () => {
  it('keeps its own carriage return and erase-line, and escapes what the account id holds', () => {
    const written: string[] = [];
    const terminal: CliIo = { stdout: () => undefined, stderr: (text) => written.push(text), env: {}, isTTY: true };
    const stderr = progressStderr(terminal, printableIo(terminal, false));
    stderr('\r\x1b[K[0/1] evil\u001b]0;pwned\u0007-db: set ok');
    stderr('dbpass: warning: \u009b31m\n');
    expect(written).toEqual(['\r\x1b[K[0/1] evil\\x1b]0;pwned\\x07-db: set ok', 'dbpass: warning: \\x9b31m\n']);
  });
});
