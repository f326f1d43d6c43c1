import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, seed } from '@dbpass/emulator';
import { FileStore } from '@dbpass/rotate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatExposition } from '../src/metrics/exposition.js';
import { type CliFixture, cliFixture } from './cli-fixture.js';
import { type CliRun, runCli, runProgram } from './run-cli.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/prometheus/', import.meta.url));

/** A program on PATH (or at one of `paths`), or an error that says which Debian package brings it. */
function requireTool(names: readonly string[], paths: readonly string[], install: string): string {
  const candidates = [
    ...paths,
    ...names.flatMap((name) => (process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, name))),
  ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  throw new Error(`${names[0]} is not installed; these tests need it: ${install}`);
}

const promtool = requireTool([`promtool`], [], 'apt-get install -y --no-install-recommends prometheus');
const nodeExporter = requireTool(
  ['prometheus-node-exporter', 'node_exporter'],
  ['/usr/bin/prometheus-node-exporter'],
  'apt-get install -y --no-install-recommends prometheus-node-exporter',
);

interface ParsedSample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** The samples of a text exposition (label values unescaped), for finding series by name and labels. */
function samplesOf(text: string): ParsedSample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, name, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
        labels[name!] = value!.replace(/\\(.)/g, (_all, escaped: string) => (escaped === 'n' ? '\n' : escaped));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The value of the one series named `name` whose labels include `labels`; undefined when there is none. */
function seriesValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samplesOf(text).filter(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([label, value]) => sample.labels[label] === value),
  );
  if (found.length > 1) throw new Error(`${found.length} series ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** Node exporter serving only the textfile collector on a free loopback port; resolves once it answers. */
async function startNodeExporter(directory: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    nodeExporter,
    [
      `--web.listen-address=127.0.0.1:${port}`,
      `--collector.textfile.directory=${directory}`,
      '--collector.disable-defaults',
      '--collector.textfile',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const url = `http://127.0.0.1:${port}/metrics`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node exporter exited (${child.exitCode}): ${log}`);
    const answered = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return { url, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`node exporter did not answer on ${url} within 30 s: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const scrape = async (url: string) => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.text();
};

let fixture: CliFixture;
let planFile: string;
/** `dbpass` on the fixture's plan with a 30-day period. */
const dbpass = (args: readonly string[], options: { input?: string } = {}): Promise<CliRun> =>
  runCli(['--plan', planFile, ...args], fixture.env, options);

const OVERDUE = 'clickhouse-ch-analyst';
const ROTATED = 'starrocks-sr-analyst';
const FAILED = 'taurus-0-users/app_user@%';
const ATTENTION = 'ob-app-user';

/** Opens the plan's file store as `dbpass` does, with a clock of its own, and runs `work` under its lock. */
async function withStore(now: Date, work: (store: FileStore) => Promise<unknown>): Promise<void> {
  const store = await FileStore.open({
    path: fixture.storeFile,
    key: { env: 'DBPASS_STORE_KEY' },
    env: fixture.env,
    now: () => now,
  });
  const lock = await store.lock();
  try {
    await work(store);
  } finally {
    await lock.release();
  }
}

beforeAll(async () => {
  fixture = await cliFixture();
  planFile = fixture.planFile.replace(/\.yaml$/, '-period.yaml');
  const text = await readFile(fixture.planFile, 'utf8');
  expect(text).toContain('\nconcurrency:');
  await writeFile(planFile, text.replace('\nconcurrency:', '\nperiod: 30d\nconcurrency:'));

  // Every state an account can be in. Overdue: adopted 40 days ago (the store's clock set back), period 30 days.
  const longAgo = new Date(Date.now() - 40 * 86_400_000);
  await withStore(longAgo, (store) =>
    store.adopt(OVERDUE, seed.initialPassword, randomUUID(), {
      method: 'login',
      adopted: true,
      at: longAgo.toISOString(),
    }),
  );
  const adopted = await dbpass(['adopt', '--from-stdin'], { input: `${seed.initialPassword}\n` });
  expect(adopted.code, adopted.stdout + adopted.stderr).toBe(0);
  expect(adopted.stdout).toContain('5 adopted, 1 already managed');

  const rotated = await dbpass(['rotate', '--only', ROTATED]);
  expect(rotated.code, rotated.stdout + rotated.stderr).toBe(0);

  // Failed: the cloud's job ends Failed; nothing lost, PENDING kept for the next run.
  fixture.emulator.injectFault({ kind: 'job-fail', operationId: 'ResetGaussMySqlDatabasePassword' });
  const failed = await dbpass(['rotate', '--only', FAILED]);
  expect(failed.code, failed.stdout + failed.stderr).toBe(2);

  // Needs attention: a PENDING left by an earlier run, and the database's password changed behind dbpass's back.
  await withStore(new Date(), (store) => store.putPending(ATTENTION, 'Never-set-pass-01!', randomUUID()));
  await fixture.emulator.engines.setPasswords([
    {
      account: {
        cloud: 'oceanbase',
        instanceId: seed.oceanbase.instanceId,
        tenantId: seed.oceanbase.tenantId,
        userName: 'app_user',
      },
      password: 'Changed-behind-01!',
    },
  ]);
  const attention = await dbpass(['rotate', '--only', ATTENTION]);
  expect(attention.code, attention.stdout + attention.stderr).toBe(3);
}, 120_000);
afterAll(() => fixture?.stop());

describe('dbpass metrics', () => {
  it('status --format prometheus: every account state, accepted by promtool check metrics, no secret', async () => {
    const status = await dbpass(['status', '--format', 'prometheus']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stderr).toBe('');
    const text = status.stdout;

    const checked = await runProgram(promtool, ['check', 'metrics'], { input: text });
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout + checked.stderr).toBe('');

    const account = (id: string) => {
      const planned = fixture.accounts.find((candidate) => candidate.id === id)!;
      return { account: id, target: planned.target, kind: planned.kind };
    };
    const state = (id: string) =>
      Object.fromEntries(
        ['overdue', 'pending', 'failed', 'needs_attention'].map((name) => [
          name,
          seriesValue(text, `dbpass_account_${name}`, account(id)),
        ]),
      );
    expect(state(OVERDUE)).toEqual({ overdue: 1, pending: 0, failed: 0, needs_attention: 0 });
    expect(state(ROTATED)).toEqual({ overdue: 0, pending: 0, failed: 0, needs_attention: 0 });
    expect(state(FAILED)).toEqual({ overdue: 0, pending: 1, failed: 1, needs_attention: 0 });
    expect(state(ATTENTION)).toEqual({ overdue: 0, pending: 1, failed: 0, needs_attention: 1 });

    const now = Date.now() / 1000;
    const current = seriesValue(text, 'dbpass_account_current_timestamp_seconds', account(OVERDUE))!;
    expect(now - current).toBeGreaterThan(40 * 86_400 - 600);
    expect(seriesValue(text, 'dbpass_account_period_seconds', account(OVERDUE))).toBe(30 * 86_400);
    // Adopted only: never rotated by dbpass.
    expect(seriesValue(text, 'dbpass_account_last_rotation_timestamp_seconds', account(OVERDUE))).toBeUndefined();
    const rotatedAt = seriesValue(text, 'dbpass_account_last_rotation_timestamp_seconds', account(ROTATED))!;
    expect(now - rotatedAt).toBeLessThan(600);
    expect(seriesValue(text, 'dbpass_account_current_timestamp_seconds', account(ROTATED))).toBe(rotatedAt);
    expect(seriesValue(text, 'dbpass_account_last_verification_timestamp_seconds', account(ROTATED))).toBeGreaterThan(
      now - 600,
    );
    for (const planned of fixture.accounts)
      expect(seriesValue(text, 'dbpass_account_pending', account(planned.id)), planned.id).toBeDefined();

    // The last run (the one that found neither password logging in) and the last one that succeeded.
    expect(seriesValue(text, 'dbpass_last_run_success')).toBe(0);
    expect(seriesValue(text, 'dbpass_last_run_exit_code')).toBe(3);
    expect(seriesValue(text, 'dbpass_last_run_accounts', { outcome: 'needs-attention' })).toBe(1);
    expect(seriesValue(text, 'dbpass_last_run_accounts', { outcome: 'rotated' })).toBe(0);
    expect(seriesValue(text, 'dbpass_last_run_duration_seconds')).toBeGreaterThan(0);
    const lastRun = seriesValue(text, 'dbpass_last_run_timestamp_seconds')!;
    const lastSuccess = seriesValue(text, 'dbpass_last_successful_run_timestamp_seconds')!;
    expect(lastSuccess).toBeLessThan(lastRun);
    expect(lastSuccess).toBeGreaterThanOrEqual(rotatedAt);
    expect(seriesValue(text, 'dbpass_store_unplanned_accounts')).toBe(0);

    const store = await fixture.openStore();
    const secrets = [fixture.env.HW_SK!, fixture.env.OB_SK!, fixture.env.DBPASS_STORE_KEY!, seed.initialPassword];
    for (const planned of fixture.accounts)
      for (const stage of ['CURRENT', 'PENDING', 'PREVIOUS'] as const) {
        const password = (await store.read(planned.id, stage))?.password;
        if (password) secrets.push(password);
      }
    for (const secret of secrets) expect(text).not.toContain(secret);

    // The text and JSON outputs are as they were.
    expect((await dbpass(['status'])).stdout).toMatch(/^starrocks-sr-analyst: PREVIOUS\+CURRENT; CURRENT 0 d old;/m);
    const json = await dbpass(['status', '--format', 'json']);
    expect(JSON.parse(json.stdout.split('\n')[0]!)).toHaveProperty('account');
    expect((await dbpass(['--json', 'status'])).stdout).toBe(json.stdout);
  });

  it('status --format prometheus without an audit log leaves out what only the log knows', async () => {
    const noAudit = planFile.replace(/\.yaml$/, '-no-audit.yaml');
    await writeFile(noAudit, (await readFile(planFile, 'utf8')).replace(/^audit: .*\n/m, ''));
    const status = await runCli(['--plan', noAudit, 'status', '--format', 'prometheus'], fixture.env);
    expect(status.code, status.stderr).toBe(0);
    expect(seriesValue(status.stdout, 'dbpass_account_pending', { account: FAILED })).toBe(1);
    expect(status.stdout).not.toMatch(/^dbpass_account_failed/m);
    expect(status.stdout).not.toMatch(/^dbpass_last_run/m);
    const withAudit = await runCli(
      ['--plan', noAudit, 'status', '--format', 'prometheus', '--audit', fixture.auditFile],
      fixture.env,
    );
    expect(seriesValue(withAudit.stdout, 'dbpass_account_failed', { account: FAILED })).toBe(1);
  });

  it('rotate --metrics-file: written atomically, served by node exporter; a failed run keeps the last success', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'dbpass-textfile-'));
    const file = path.join(directory, 'dbpass.prom');
    const exporter = await startNodeExporter(directory);
    try {
      const ok = await dbpass(['rotate', '--only', ROTATED, '--metrics-file', file]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stderr).toBe('');
      let scraped = await scrape(exporter.url);
      expect(seriesValue(scraped, 'node_textfile_scrape_error')).toBe(0);
      expect(seriesValue(scraped, 'dbpass_last_run_success')).toBe(1);
      expect(seriesValue(scraped, 'dbpass_last_run_accounts', { outcome: 'rotated' })).toBe(1);
      expect(seriesValue(scraped, 'dbpass_last_run_duration_seconds')).toBeGreaterThan(0);
      const success = seriesValue(scraped, 'dbpass_last_successful_run_timestamp_seconds');
      expect(success).toBe(seriesValue(scraped, 'dbpass_last_run_timestamp_seconds'));
      expect(seriesValue(scraped, 'dbpass_account_needs_attention', { account: ATTENTION })).toBe(1);
      expect(seriesValue(scraped, 'dbpass_account_overdue', { account: OVERDUE })).toBe(1);
      expect(seriesValue(scraped, 'dbpass_account_failed', { account: FAILED })).toBe(1);

      fixture.emulator.injectFault({ kind: 'job-fail', operationId: 'ResetGaussMySqlDatabasePassword' });
      const failed = await dbpass(['rotate', '--only', FAILED, '--metrics-file', file]);
      expect(failed.code, failed.stderr).toBe(2);
      scraped = await scrape(exporter.url);
      expect(seriesValue(scraped, 'node_textfile_scrape_error')).toBe(0);
      expect(seriesValue(scraped, 'dbpass_last_run_success')).toBe(0);
      expect(seriesValue(scraped, 'dbpass_last_run_exit_code')).toBe(2);
      expect(seriesValue(scraped, 'dbpass_last_run_accounts', { outcome: 'failed' })).toBe(1);
      expect(seriesValue(scraped, 'dbpass_last_successful_run_timestamp_seconds')).toBe(success);
      expect(seriesValue(scraped, 'dbpass_account_pending', { account: FAILED })).toBe(1);

      // A run refused before any account (another holds the lock) is a failed run too.
      const held = await (await fixture.openStore()).lock();
      const locked = await dbpass(['rotate', '--metrics-file', file]).finally(() => held.release());
      expect(locked.code).toBe(4);
      scraped = await scrape(exporter.url);
      expect(seriesValue(scraped, 'dbpass_last_run_exit_code')).toBe(4);
      expect(seriesValue(scraped, 'dbpass_last_run_accounts', { outcome: 'rotated' })).toBe(0);
      expect(seriesValue(scraped, 'dbpass_last_successful_run_timestamp_seconds')).toBe(success);
      expect(seriesValue(scraped, 'dbpass_account_needs_attention', { account: ATTENTION })).toBe(1);

      expect(await readdir(directory)).toEqual(['dbpass.prom']);
      const checked = await runProgram(promtool, ['check', 'metrics'], { input: await readFile(file, 'utf8') });
      expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    } finally {
      await exporter.stop();
    }
  });

  it('a metrics file that cannot be written is a warning; the run and its exit code stand', async () => {
    const run = await dbpass(['rotate', '--only', ROTATED, '--metrics-file', '/no/such/dir/dbpass.prom']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/rotated +starrocks-sr-analyst/);
    expect(run.stderr).toBe(
      "dbpass: warning: metrics file /no/such/dir/dbpass.prom: could not be written (ENOENT); the run's outcome stands\n",
    );
  });

  it('label values are escaped as node exporter reads them: quotes, backslashes, line feeds, control characters', async () => {
    const odd = 'a"b\\c\nd\u001be';
    const directory = await mkdtemp(path.join(tmpdir(), 'dbpass-textfile-'));
    await writeFile(
      path.join(directory, 'odd.prom'),
      formatExposition([
        {
          name: 'dbpass_test_odd',
          help: 'Odd label values.',
          type: 'gauge',
          samples: [{ labels: { account: odd }, value: 1 }],
        },
      ]),
    );
    const exporter = await startNodeExporter(directory);
    try {
      const scraped = await scrape(exporter.url);
      expect(seriesValue(scraped, 'node_textfile_scrape_error')).toBe(0);
      // Everything kept but the control character, which is shown as the text \x1b.
      expect(seriesValue(scraped, 'dbpass_test_odd', { account: 'a"b\\c\nd\\x1be' })).toBe(1);
    } finally {
      await exporter.stop();
    }
  });

  it('the example alert rules pass promtool check rules and their unit tests (promtool test rules)', async () => {
    const rules = path.join(EXAMPLES, 'dbpass-alerts.yml');
    const checked = await runProgram(promtool, ['check', 'rules', rules]);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    const tested = await runProgram(promtool, ['test', 'rules', path.join(EXAMPLES, 'dbpass-alerts.test.yml')]);
    expect(tested.code, tested.stdout + tested.stderr).toBe(0);
    expect(tested.stdout).toContain('SUCCESS');
  });
});
