import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Emulator, seed, startEmulator } from '@dbpass/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  adopt,
  expandTargets,
  type LoginChecker,
  type RotationEvent,
  RotationSetupError,
  StoreLockedError,
} from '../src/index.js';
import { type RotateHarness, rotateHarness } from './rotate-harness.js';
import { standInLoginChecker } from './stand-in-login-checker.js';

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ jobVisibleAfterMs: 20, jobDurationMs: 60 });
});
afterEach(async () => {
  await emulator.stop();
});

const linesOf = async (file: string) =>
  (await readFile(file, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/**
 * The stand-in verifier, remembering every password it is given. For `failing` accounts it throws an error that
 * holds the password and `echoed` (a secret of the run's environment that only the run-wide redactor knows).
 */
function recordingChecker(
  failing: (kind: string, login: number) => boolean,
  echoed = '',
): LoginChecker & { tried: Set<string> } {
  const standIn = standInLoginChecker(emulator);
  const tried = new Set<string>();
  const logins = new Map<string, number>();
  return {
    tried,
    tryLogin: (account, password) => {
      tried.add(password);
      const login = (logins.get(account.id) ?? 0) + 1;
      logins.set(account.id, login);
      return failing(account.kind, login)
        ? Promise.reject(new Error(`cannot log in as ${account.userName} with ${password}: unreachable${echoed}`))
        : standIn.tryLogin(account, password);
    },
  };
}

/** Every secret the harness's run could have seen: passwords tried and stored, credentials, the store key. */
async function secretsOf(harness: RotateHarness, tried: Iterable<string>): Promise<string[]> {
  const stored = await Promise.all(
    expandTargets(harness.plan).flatMap((account) =>
      (['CURRENT', 'PENDING', 'PREVIOUS'] as const).map((stage) => harness.store.read(account.ref.id, stage)),
    ),
  );
  return [
    ...tried,
    ...stored.flatMap((version) => (version?.password ? [version.password] : [])),
    seed.initialPassword,
    harness.env.HW_SK!,
    harness.env.OB_SK!,
    harness.env.DBPASS_STORE_KEY!,
  ];
}

describe('the audit log of rotate() and adopt()', () => {
  it("rotate({ audit: true }) appends run, every event and end to the plan's audit file, the CLI's lines, no secret", async () => {
    const harness = await rotateHarness(emulator);
    const auditFile = path.join(harness.dir, 'audit.jsonl');
    // The preflight login passes; the test of StarRocks' new password fails with an error that holds it.
    const checker = recordingChecker((kind, login) => kind === 'starrocks' && login > 1, ` (${harness.env.HW_SK})`);
    const events: RotationEvent[] = [];
    const summary = await harness.run({
      plan: { ...harness.plan, audit: auditFile },
      audit: true,
      checker,
      onEvent: (event) => events.push(event),
      // Options passed as undefined are absent.
      only: undefined,
      concurrency: undefined,
      lockWaitMs: undefined,
      checkpoint: undefined,
      jobWait: undefined,
      now: undefined,
    });
    expect(summary.counts).toMatchObject({ rotated: 5, failed: 1 });
    const lines = await linesOf(auditFile);
    expect(lines[0]).toEqual({
      type: 'run',
      command: 'rotate',
      time: expect.any(String),
      pid: process.pid,
      due: false,
      init: true,
      only: [],
    });
    expect(lines.slice(1, -1)).toEqual(events.map((event) => ({ type: 'event', ...event })));
    expect(lines.at(-1)).toEqual({
      type: 'end',
      time: expect.any(String),
      counts: summary.counts,
      durationMs: summary.durationMs,
    });
    const failed = lines.find((line) => line.account === 'starrocks-sr-analyst' && line.outcome === 'failed');
    expect(failed?.message).toMatch(
      /could not log in \(cannot log in as sr_analyst with \[REDACTED\]: unreachable \(\[REDACTED\]\)\)/,
    );
    const text = await readFile(auditFile, 'utf8');
    for (const secret of await secretsOf(harness, checker.tried)) expect(text).not.toContain(secret);
    expect((await stat(auditFile)).mode & 0o777).toBe(0o600);
  });

  it('adopt({ audit: file }) writes its run, events and end there; options passed as undefined are absent', async () => {
    const harness = await rotateHarness(emulator);
    const auditFile = path.join(await mkdtemp(path.join(tmpdir(), 'dbpass-audit-')), 'adopt.jsonl');
    const checker = recordingChecker((kind) => kind === 'clickhouse');
    const summary = await adopt({
      plan: harness.plan,
      store: harness.store,
      checker,
      password: seed.initialPassword,
      audit: auditFile,
      only: undefined,
      trust: undefined,
      onEvent: undefined,
      lockWaitMs: undefined,
      loginDeadlineMs: undefined,
      concurrency: undefined,
      now: undefined,
    });
    expect(summary.counts).toEqual({ adopted: 5, managed: 0, refused: 1 });
    const lines = await linesOf(auditFile);
    expect(lines[0]).toEqual({ type: 'run', command: 'adopt', time: expect.any(String), pid: process.pid, only: [] });
    expect(lines.slice(1, -1)).toHaveLength(6);
    for (const line of lines.slice(1, -1)) expect(line).toMatchObject({ type: 'event', step: 'adopt' });
    expect(lines.find((line) => line.account === 'clickhouse-ch-analyst')?.message).toMatch(
      /could not log in \(cannot log in as ch_analyst with \[REDACTED\]: unreachable\)/,
    );
    expect(lines.at(-1)).toEqual({ type: 'end', time: expect.any(String), counts: summary.counts });
    const text = await readFile(auditFile, 'utf8');
    for (const secret of await secretsOf(harness, checker.tried)) expect(text).not.toContain(secret);
    expect(emulator.requests).toHaveLength(0);
  });

  it("without the option (or with audit: false) the library writes no audit log, not even the plan's", async () => {
    const harness = await rotateHarness(emulator);
    const auditFile = path.join(harness.dir, 'audit.jsonl');
    const plan = { ...harness.plan, audit: auditFile };
    await harness.run({ plan, only: ['taurus-0-root'] });
    await harness.run({ plan, only: ['taurus-0-root'], audit: false });
    await adopt({ plan, store: harness.store, checker: harness.checker, only: ['taurus-0-root'] });
    expect(existsSync(auditFile)).toBe(false);
  });

  it('an audit log that cannot be written, or audit: true without a plan file, stops the run before anything is sent', async () => {
    const harness = await rotateHarness(emulator);
    await expect(harness.run({ audit: true })).rejects.toThrow(
      new RotationSetupError(
        'audit: true, but the plan has no `audit:` file; add one to the plan or pass the file as `audit`; nothing was sent',
      ),
    );
    await expect(harness.run({ audit: '/no/such/dir/audit.jsonl' })).rejects.toThrow(
      new RotationSetupError(
        'the audit log /no/such/dir/audit.jsonl cannot be written (the folder /no/such/dir does not exist or is not writable); nothing was sent',
      ),
    );
    await expect(adopt({ ...harness, audit: '/no/such/dir/audit.jsonl' })).rejects.toThrow(RotationSetupError);
    expect(emulator.requests).toHaveLength(0);
    expect((await harness.store.list()).size).toBe(0);
    expect(await harness.store.lockHolder()).toBeUndefined();
  });

  it('a run stopped by an error ends its log with the error name; a log that fails mid-run is a warning', async () => {
    const harness = await rotateHarness(emulator);
    const auditFile = path.join(harness.dir, 'audit.jsonl');
    const lock = await harness.store.lock();
    await expect(harness.run({ audit: auditFile })).rejects.toThrow(StoreLockedError);
    await lock.release();
    expect((await linesOf(auditFile)).map(({ type, error }) => ({ type, error }))).toEqual([
      { type: 'run', error: undefined },
      { type: 'end', error: 'StoreLockedError' },
    ]);

    const folder = await mkdtemp(path.join(tmpdir(), 'dbpass-audit-'));
    const lost = path.join(folder, 'audit.jsonl');
    // The folder goes away after the first event is written: every later line fails.
    const summary = await harness.run({ audit: lost, onEvent: () => rmSync(folder, { recursive: true, force: true }) });
    expect(summary.counts).toMatchObject({ rotated: 6 });
    expect(summary.warnings).toEqual([
      `the audit log ${lost} could not be written (ENOENT); the run goes on without it`,
    ]);
  });
});
