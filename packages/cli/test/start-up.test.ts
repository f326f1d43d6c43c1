// What `dbpass --help` loads: the CLI's own bundle (commander inside it), nothing a command needs (rotation, the
// stores, YAML, ajv, the clients, mysql2), no ES module import of node:fs, which makes Node build that module's
// whole export list (loading its streams) at every start, and not node:child_process (commander's, for subcommands
// run as programs, which dbpass has none of). Module resolution is recorded by a loader hook, Node's built-in modules
// by their load list at exit.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from './run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dbpass-start-up-'));
  await writeFile(
    path.join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(process.env.DBPASS_IMPORT_LOG, \`\${resolved.url}\\n\`);
  return resolved;
}
`,
  );
  await writeFile(
    path.join(dir, 'register.mjs'),
    `import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
register('./hooks.mjs', import.meta.url);
process.on('exit', () => {
  const builtins = process.moduleLoadList.filter((name) => name.startsWith('NativeModule '));
  appendFileSync(process.env.DBPASS_IMPORT_LOG, builtins.map((name) => \`builtin:\${name.slice(13)}\\n\`).join(''));
});
`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The URLs the ES module loader resolved while `dbpass` ran with `args`. */
async function importsOf(args: string[]): Promise<{ stdout: string; urls: string[] }> {
  const log = path.join(dir, `imports-${args.join('-')}.log`);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', path.join(dir, 'register.mjs'), CLI, ...args],
    {
      env: { PATH: process.env.PATH ?? '', DBPASS_IMPORT_LOG: log },
    },
  );
  return { stdout, urls: (await readFile(log, 'utf8')).split('\n').filter(Boolean) };
}

describe('dbpass --help', () => {
  it('loads no command, no dependency of one, and no ES module import of node:fs', async () => {
    const { stdout, urls } = await importsOf(['--help']);
    expect(stdout).toContain('Commands:');
    const resolved = urls.filter((url) => !url.startsWith('builtin:'));
    expect(resolved.filter((url) => !url.startsWith('node:') && !url.includes('/packages/cli/dist/'))).toEqual([]);
    expect(urls).not.toContain('builtin:child_process');
    const heavy = urls.filter((url) =>
      /@dbpass\/|\/packages\/(?!cli\/)|\/(yaml|ajv|mysql2|p-limit)\/|-command-[^/]*\.js$/.test(url),
    );
    expect(heavy).toEqual([]);
    expect(resolved).not.toContain('node:fs');
  });
});
