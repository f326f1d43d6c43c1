import { execFile } from 'node:child_process';
import { access, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, seed } from '@dbpass/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliFixture, cliFixture } from './cli-fixture.js';
import { CLI, runCli } from './run-cli.js';

const execFileAsync = promisify(execFile);

let fixture: CliFixture;
beforeAll(async () => {
  fixture = await cliFixture();
});
afterAll(() => fixture?.stop());

const storedPasswords = async () => {
  const store = await fixture.openStore();
  const passwords: string[] = [];
  for (const account of fixture.accounts) {
    for (const stage of ['CURRENT', 'PENDING', 'PREVIOUS'] as const) {
      const password = (await store.read(account.id, stage))?.password;
      if (password) passwords.push(password);
    }
  }
  return passwords;
};

/** A copy of the plan with one text replaced, written beside it. */
const variantPlan = async (from: string, to: string) => {
  const file = fixture.planFile.replace(/\.yaml$/, `-${Math.random().toString(36).slice(2)}.yaml`);
  const text = await readFile(fixture.planFile, 'utf8');
  expect(text).toContain(from);
  await writeFile(file, text.replace(from, to));
  return file;
};

describe('dbpass', () => {
  it('has --help on every command', async () => {
    for (const command of [[], ['plan'], ['adopt'], ['rotate'], ['status'], ['get'], ['unlock']]) {
      const run = await runCli([...command, '--help'], {});
      expect(run.code, command.join(' ')).toBe(0);
      expect(run.stdout).toContain(`Usage: dbpass${command.length ? ` ${command[0]}` : ''}`);
    }
    const rotateHelp = await runCli(['rotate', '--help'], {});
    expect(rotateHelp.stdout).toMatch(/--due[\s\S]*--only <target>[\s\S]*Exit codes:/);
  });

  it('refuses a bad plan, a missing credential, an unreachable store and a policy-violating override, naming the target, and sends nothing', async () => {
    const badPlan = await variantPlan('kind: taurusdb-root', 'kind: taurusdb-rot');
    const bad = await runCli(['--plan', badPlan, 'rotate'], fixture.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/line \d+: .*targets\[0\]\.kind: .*\[discriminator\]/);

    const missing = await fixture.dbpass(['rotate'], { HW_SK: '' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/target taurus-0-root, .*connection "hw" needs the environment variable HW_SK/);

    const noStore = await runCli(
      ['--plan', await variantPlan(fixture.storeFile, '/no/such/dir/store.dbpass'), 'rotate'],
      fixture.env,
    );
    expect(noStore.code).toBe(1);
    expect(noStore.stderr).toContain('/no/such/dir does not exist or is not writable');

    const override = await variantPlan('kind: clickhouse,', 'kind: clickhouse, password: { length: 40 },');
    const policy = await runCli(['--plan', override, 'plan'], fixture.env);
    expect(policy.code).toBe(1);
    expect(policy.stderr).toMatch(
      /target clickhouse-ch-analyst: targets\[\d+\]\.password: .*8 to 32 \[password-policy\]/,
    );

    const unknownOnly = await fixture.dbpass(['rotate', '--only', 'nope']);
    expect(unknownOnly.code).toBe(1);
    expect(unknownOnly.stderr).toContain('--only: no target or account named "nope" in the plan; nothing was sent');

    const badArgument = await fixture.dbpass(['get', 'ob-app-user', '--stage', 'LATEST']);
    expect(badArgument.code).toBe(1);
    expect(badArgument.stderr).toMatch(/--stage.*LATEST.*CURRENT, PENDING, PREVIOUS/);

    expect(fixture.emulator.requests).toHaveLength(0);
  });

  it('plans, rotates, reports status and gets a password; no secret appears anywhere but in get', async () => {
    const plan = await fixture.dbpass(['plan']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(
      /adopt +taurus-0-users\/app_user@% \(taurusdb-db-user\): no password in the store for it: .*dbpass adopt.*; verify by login at 127\.0\.0\.1:\d+/,
    );
    const empty = await fixture.dbpass(['rotate']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^dbpass: the store holds none of the 6 selected accounts .*nothing was sent.*--init/);
    expect(fixture.emulator.requests).toHaveLength(0);

    // The fleet's passwords live nowhere yet: the one the databases have is given on stdin, proven by login each.
    const adopted = await fixture.dbpass(['adopt', '--from-stdin'], {}, { input: `${seed.initialPassword}\n` });
    expect(adopted.code, adopted.stdout + adopted.stderr).toBe(0);
    expect(adopted.stdout).toContain('6 accounts: 6 adopted, 0 already managed, 0 not adopted');
    expect(fixture.emulator.requests).toHaveLength(0);

    const rotated = await fixture.dbpass(['--json', 'rotate']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const lines = rotated.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; counts?: Record<string, number> });
    expect(lines.at(-1)).toMatchObject({ type: 'summary', counts: { rotated: 6, failed: 0 } });

    const status = await fixture.dbpass(['status']);
    expect(status.stdout).toMatch(/ob-app-user: PREVIOUS\+CURRENT; CURRENT 0 d old; verified by login/);

    const got = await fixture.dbpass(['get', 'starrocks-sr-analyst']);
    const account = fixture.accounts.find((candidate) => candidate.id === 'starrocks-sr-analyst')!;
    expect(await fixture.works(account, got.stdout.trim())).toBe(true);
    const severalAccounts = await fixture.dbpass(['get', 'taurus-0-users']);
    expect(severalAccounts.code).toBe(1);
    expect(severalAccounts.stderr).toContain('taurus-0-users/app_user@%');

    const everything =
      [plan, empty, adopted, rotated, status, await fixture.dbpass(['--json', 'status'])]
        .map((run) => run.stdout + run.stderr)
        .join('\n') + (await readFile(fixture.auditFile, 'utf8'));
    const passwords = await storedPasswords();
    expect(passwords.length).toBeGreaterThanOrEqual(6);
    for (const password of passwords) expect(everything).not.toContain(password);
    for (const secret of [fixture.env.HW_SK!, fixture.env.OB_SK!, fixture.env.DBPASS_STORE_KEY!])
      expect(everything).not.toContain(secret);
  });

  it('a wrong verifier port or TLS setting sends no password change (preflight), plan --check reports it, exit 2', async () => {
    const tenant = fixture.emulator.engines.addresses.get(
      `oceanbase/${seed.oceanbase.instanceId}/${seed.oceanbase.tenantId}`,
    )!;
    const address = `127.0.0.1:${tenant.port}"`;
    const wrongPort = await variantPlan(address, `127.0.0.1:${await freePort()}"`);
    const wrongTls = await variantPlan(address, `${address}, tls: { mode: verify-full }`);
    const changes = () =>
      fixture.emulator.requests.filter((request) => request.operationId === 'ModifyTenantUserPassword').length;
    const before = changes();
    for (const variant of [wrongPort, wrongTls]) {
      const failed = await runCli(['--plan', variant, 'rotate', '--only', 'ob-app-user'], fixture.env);
      expect(failed.code, failed.stderr).toBe(2);
      expect(failed.stdout).toMatch(/failed +ob-app-user: the verifier could not log in .*nothing was sent/);
      const checked = await runCli(['--plan', variant, 'plan', '--check', '--only', 'ob-app-user'], fixture.env);
      expect(checked.code).toBe(1);
      expect(checked.stdout).toMatch(/^FAIL verifier ob-app-user: cannot log in at 127\.0\.0\.1:\d+/m);
      expect(checked.stdout).toMatch(/^ok {3}store: reachable and writable/m);
    }
    expect(changes(), 'no password-changing request reached the cloud').toBe(before);
    const checked = await fixture.dbpass(['plan', '--check']);
    expect(checked.code, checked.stdout).toBe(0);
    expect(checked.stdout).toMatch(/^ok {3}connection hw: credentials accepted/m);
    expect(checked.stdout).toMatch(/^ok {3}verifier ob-app-user: CURRENT logs in at 127\.0\.0\.1:\d+/m);
    const again = await fixture.dbpass(['rotate', '--only', 'ob-app-user']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/rotated +ob-app-user/);
  });

  it('output never decides the outcome: `dbpass --json rotate | head -1` rotates everything and leaves no lock', async () => {
    const { stdout } = await execFileAsync(
      'sh',
      ['-c', `"${process.execPath}" "${CLI}" --plan "${fixture.planFile}" --json rotate | head -1`],
      { env: { PATH: process.env.PATH ?? '', ...fixture.env } },
    );
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(1);
    const store = await fixture.openStore();
    for (const account of fixture.accounts) {
      expect(await fixture.works(account, (await store.read(account.id, 'CURRENT'))?.password), account.id).toBe(true);
      expect(await store.read(account.id, 'PENDING')).toBeUndefined();
    }
    await expect(access(`${fixture.storeFile}.lock`)).rejects.toThrow();
    const audit = (await readFile(fixture.auditFile, 'utf8')).trim().split('\n');
    expect(JSON.parse(audit.at(-1)!)).toMatchObject({ type: 'end', counts: { rotated: 6 } });
  });

  it('a setup failure is one line, exit 1, nothing sent: an unwritable audit log, a verifier module that cannot load', async () => {
    const before = fixture.emulator.requests.length;
    const noAudit = await fixture.dbpass(['rotate', '--audit', '/no/such/dir/audit.jsonl']);
    expect(noAudit.code).toBe(1);
    expect(noAudit.stderr).toBe(
      'dbpass: the audit log /no/such/dir/audit.jsonl cannot be written (the folder /no/such/dir does not exist or is not writable); nothing was sent\n',
    );
    const missing = await variantPlan('concurrency:', 'verifier: { module: /no/such/checker.mjs }\nconcurrency:');
    for (const command of ['rotate', 'plan']) {
      const run = await runCli(['--plan', missing, command], fixture.env);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^dbpass(?: plan)?: verifier\.module \/no\/such\/checker\.mjs cannot be loaded \(ERR_MODULE_NOT_FOUND/m,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(fixture.emulator.requests.length).toBe(before);
  });

  it('a lock left by a run in another PID namespace holds until its lease ends; unlock --force removes it', async () => {
    const lockFile = `${fixture.storeFile}.lock`;
    await writeFile(
      lockFile,
      JSON.stringify({
        pid: 1,
        host: hostname(),
        nonce: 'evicted-pod',
        since: new Date().toISOString(),
        pidNamespace: 'pid:[4026599999]',
        expires: new Date(Date.now() + 600_000).toISOString(),
      }),
    );
    const refused = await fixture.dbpass(['rotate']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/pid 1 on .* \(PID namespace pid:\[4026599999\]\)/);
    const forced = await fixture.dbpass(['unlock', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/removed the lock of pid 1 on /);
    expect((await fixture.dbpass(['unlock'])).stdout).toMatch(/no run holds the lock/);
    const rotated = await fixture.dbpass(['rotate']);
    expect(rotated.code, rotated.stderr).toBe(0);
  });

  it("loads the plan's verifier.module instead of the default verifier", async () => {
    const log = `${fixture.planFile}.logins`;
    const module = fileURLToPath(new URL('./logging-login-checker.mjs', import.meta.url));
    const withModule = await variantPlan(
      'concurrency:',
      `verifier: { module: ${JSON.stringify(module)} }\nconcurrency:`,
    );
    const run = await runCli(['--plan', withModule, 'rotate', '--only', 'starrocks-sr-analyst'], {
      ...fixture.env,
      DBPASS_TEST_LOGIN_LOG: log,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(log, 'utf8')).toMatch(/^starrocks-sr-analyst accepted$/m);
  });

  it('a run while another holds the store refuses clearly (exit 4) or, with --wait, waits; the store stays consistent', async () => {
    // The test holds the lock itself: a first `dbpass rotate` could finish before a second one has started on a
    // loaded machine, and the second would then rightly succeed.
    const held = await (await fixture.openStore()).lock();
    const refused = await fixture.dbpass(['rotate']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(
      new RegExp(
        `the store is locked by another run \\(pid ${process.pid} on .*\\); wait for it to finish, or run again with --wait`,
      ),
    );
    const shown = await fixture.dbpass(['unlock']);
    expect(shown.code).toBe(4);
    expect(shown.stdout).toMatch(new RegExp(`held by pid ${process.pid} on .*lease until .*dbpass unlock --force`));
    const waiting = [fixture.dbpass(['rotate', '--wait', '120']), fixture.dbpass(['rotate', '--wait', '120'])];
    const gaveUp = await fixture.dbpass(['rotate', '--wait', '1']);
    expect(gaveUp.code).toBe(4);
    await held.release();
    for (const run of await Promise.all(waiting)) expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
    const store = await fixture.openStore();
    for (const account of fixture.accounts) {
      expect(await fixture.works(account, (await store.read(account.id, 'CURRENT'))?.password), account.id).toBe(true);
      expect(await store.read(account.id, 'PENDING')).toBeUndefined();
      expect((await store.read(account.id, 'PREVIOUS'))?.password).toBeDefined();
    }
  });
});
