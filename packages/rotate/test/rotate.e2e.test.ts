import { akSk, createTaurusDbClient } from '@dbpass/client-taurusdb';
import { type Emulator, seed, startEmulator } from '@dbpass/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AccountRef, expandTargets, type RotationEvent, RotationSetupError } from '../src/index.js';
import { SEEDED_FLEET } from './emulator-fleet.js';
import { rotateHarness } from './rotate-harness.js';
import { standInLoginChecker } from './stand-in-login-checker.js';

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ jobVisibleAfterMs: 20, jobDurationMs: 60 });
});
afterEach(async () => {
  await emulator.stop();
});

const taurusClient = () =>
  createTaurusDbClient({
    endpoint: emulator.url,
    projectId: seed.huawei.projectId,
    auth: akSk({ ak: seed.huawei.ak, sk: seed.huawei.sk }),
  });
const setRequests = () =>
  emulator.requests.filter(
    (request) => request.method !== 'GET' && request.operationId !== undefined && request.status < 300,
  );

describe('rotate', () => {
  it('rotates every seeded account of the five kinds, proves each by login and batches the db users in one job', async () => {
    const harness = await rotateHarness(emulator);
    const events: RotationEvent[] = [];
    const summary = await harness.run({ onEvent: (event) => events.push(event) });
    const ids = expandTargets(harness.plan).map((account) => account.ref.id);
    expect(summary.counts).toEqual({ rotated: ids.length, skipped: 0, failed: 0, 'needs-attention': 0 });
    for (const id of ids) expect(await harness.storedPasswordWorks(id)).toBe(true);
    expect(
      emulator.requests.filter((request) => request.operationId === 'ResetGaussMySqlDatabasePassword'),
    ).toHaveLength(1);
    const evidence = (await harness.store.read(ids[1]!, 'CURRENT'))!.evidence!;
    expect(evidence).toMatchObject({
      method: 'login',
      pendingAccepted: true,
      currentRefused: 'no-current',
      apiResult: 'job Completed',
    });
    expect(evidence.jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(events.some((event) => event.step === 'set' && event.jobId === evidence.jobId)).toBe(true);
  });

  it('sets the db users of one instance in jobs of at most 50 users', async () => {
    const harness = await rotateHarness(emulator, {
      taurusInstances: 1,
      dbUsersPerInstance: 60,
      starrocks: 0,
      clickhouse: 0,
      oceanbase: 0,
    });
    const summary = await harness.run({ only: ['taurus-0-users'] });
    expect(summary.counts.rotated).toBe(60);
    expect(
      emulator.requests.filter((request) => request.operationId === 'ResetGaussMySqlDatabasePassword'),
    ).toHaveLength(2);
    const jobs = [...emulator.state.jobs.values()].map((job) => job.changes.length).sort((a, b) => a - b);
    expect(jobs).toEqual([10, 50]);
  });

  it('a second rotation keeps the old CURRENT as PREVIOUS and records that it is refused', async () => {
    const harness = await rotateHarness(emulator);
    await harness.run();
    const first = await harness.store.read('starrocks-sr-analyst', 'CURRENT');
    const summary = await harness.run();
    expect(summary.counts.rotated).toBe(6);
    const previous = await harness.store.read('starrocks-sr-analyst', 'PREVIOUS');
    expect(previous?.versionId).toBe(first?.versionId);
    expect(previous?.password).toBe(first?.password);
    expect((await harness.store.read('starrocks-sr-analyst', 'CURRENT'))?.evidence?.currentRefused).toBe(true);
    expect(await harness.storedPasswordWorks('starrocks-sr-analyst')).toBe(true);
  });

  it('resumes a PENDING that was applied before a crash: finishes without setting it again', async () => {
    const harness = await rotateHarness(emulator);
    await harness.leavePending('taurus-0-root', 'Applied-before-crash1', 'v-crash');
    await taurusClient().resetGaussMySqlPassword({
      instance_id: seed.huawei.instances.taurusdb.id,
      body: { password: 'Applied-before-crash1' },
    });
    const before = setRequests().length;
    const summary = await harness.run({ only: ['taurus-0-root'] });
    expect(summary.results).toEqual([
      expect.objectContaining({ account: 'taurus-0-root', outcome: 'rotated', resumed: true }),
    ]);
    expect(setRequests().length).toBe(before);
    expect((await harness.store.read('taurus-0-root', 'CURRENT'))?.versionId).toBe('v-crash');
  });

  it('resumes a PENDING that never reached the database: sets the same PENDING again, never a second one', async () => {
    const harness = await rotateHarness(emulator);
    await harness.run({ only: ['clickhouse-ch-analyst'] });
    await harness.leavePending('clickhouse-ch-analyst', 'Never-sent-pass1', 'v-unsent');
    const summary = await harness.run({ only: ['clickhouse-ch-analyst'] });
    expect(summary.results[0]).toMatchObject({ outcome: 'rotated', resumed: true });
    expect((await harness.store.read('clickhouse-ch-analyst', 'CURRENT'))?.password).toBe('Never-sent-pass1');
    expect(await harness.storedPasswordWorks('clickhouse-ch-analyst')).toBe(true);
  });

  it('is not fooled by a set that lands between its two logins (CURRENT is tried first)', async () => {
    const harness = await rotateHarness(emulator);
    await harness.run({ only: ['taurus-0-root'] });
    await harness.leavePending('taurus-0-root', 'Landing-late-pass1', 'v-late');
    const taurus = taurusClient();
    const stand_in = standInLoginChecker(emulator);
    let landed = false;
    // The earlier run's set lands right after the first login of the resume answers.
    const checker = {
      async tryLogin(...args: Parameters<typeof stand_in.tryLogin>) {
        const answer = await stand_in.tryLogin(...args);
        if (!landed) {
          landed = true;
          await taurus.resetGaussMySqlPassword({
            instance_id: seed.huawei.instances.taurusdb.id,
            body: { password: 'Landing-late-pass1' },
          });
        }
        return answer;
      },
    };
    const summary = await harness.run({ only: ['taurus-0-root'], checker });
    expect(summary.results[0]).toMatchObject({ outcome: 'rotated', resumed: true });
    expect((await harness.store.read('taurus-0-root', 'CURRENT'))?.versionId).toBe('v-late');
  });

  it('stops with needs-attention and overwrites nothing when neither PENDING nor CURRENT logs in', async () => {
    const harness = await rotateHarness(emulator);
    await harness.run({ only: ['ob-app-user'] });
    const current = await harness.store.read('ob-app-user', 'CURRENT');
    await harness.leavePending('ob-app-user', 'Pending-pass-01!', 'v-lost');
    // Someone else changes the password behind the rotation's back.
    emulator.state.oceanbaseUsers.get(`${seed.oceanbase.instanceId}/${seed.oceanbase.tenantId}/app_user`)!.password =
      emulator.state.huaweiInstances.get(seed.huawei.instances.starrocks.id)!.users.get('sr_analyst')!;
    const before = setRequests().length;
    const summary = await harness.run({ only: ['ob-app-user'] });
    expect(summary.results[0]).toMatchObject({ outcome: 'needs-attention', resumed: true });
    expect(setRequests().length).toBe(before);
    expect((await harness.store.read('ob-app-user', 'CURRENT'))?.password).toBe(current?.password);
    expect((await harness.store.read('ob-app-user', 'PENDING'))?.versionId).toBe('v-lost');
  });

  it('one account whose verifier becomes unreachable after its set fails alone; the others rotate', async () => {
    const harness = await rotateHarness(emulator);
    const standIn = standInLoginChecker(emulator);
    let starrocksLogins = 0;
    // The preflight login passes; every one after it (the test of the new password) finds the verifier gone.
    const checker = {
      tryLogin: (...args: Parameters<typeof standIn.tryLogin>) =>
        args[0].kind === 'starrocks' && ++starrocksLogins > 1
          ? Promise.reject(new Error('stand-in verifier: 127.0.0.1:3306 unreachable'))
          : standIn.tryLogin(...args),
    };
    const summary = await harness.run({ checker });
    expect(summary.counts).toMatchObject({ rotated: 5, failed: 1 });
    const failed = summary.results.find((result) => result.outcome === 'failed')!;
    expect(failed).toMatchObject({ account: 'starrocks-sr-analyst', step: 'test' });
    expect(failed.message).toContain('unreachable');
    expect(await harness.storedPasswordWorks('starrocks-sr-analyst', 'PENDING')).toBe(true);
    // The next run, with the verifier back, finishes it from the PENDING.
    const again = await harness.run({ only: ['starrocks-sr-analyst'] });
    expect(again.results[0]).toMatchObject({ outcome: 'rotated', resumed: true });
  });

  it('--init proves each database reachable once, with one throwaway login, however many accounts it has', async () => {
    const harness = await rotateHarness(emulator);
    const inner = standInLoginChecker(emulator);
    const throwaways: string[] = [];
    const checker = {
      tryLogin: (ref: AccountRef, password: string) => {
        if (password.startsWith('dbpass-throwaway-')) throwaways.push(ref.instanceId);
        return inner.tryLogin(ref, password);
      },
    };
    const summary = await harness.run({ checker });
    expect(summary.counts.rotated).toBe(expandTargets(harness.plan).length);
    const instances = new Set(expandTargets(harness.plan).map((account) => account.ref.instanceId));
    expect(throwaways.sort()).toEqual([...instances].sort());
  });

  it('preflight: a verifier that cannot reach the database, or a CURRENT that does not log in, sends nothing', async () => {
    const harness = await rotateHarness(emulator);
    const unreachable = standInLoginChecker(emulator, { failFor: (ref) => ref.kind === 'starrocks' });
    const first = await harness.run({ checker: unreachable });
    expect(first.counts).toMatchObject({ rotated: 5, failed: 1 });
    expect(first.results.find((result) => result.outcome === 'failed')).toMatchObject({
      account: 'starrocks-sr-analyst',
      step: 'preflight',
      message: expect.stringMatching(/unreachable.*nothing was sent/),
    });
    expect(await harness.store.read('starrocks-sr-analyst', 'PENDING')).toBeUndefined();
    expect(setRequests().filter((request) => request.path.includes('starrocks'))).toHaveLength(0);
    // Someone changes ob-app-user's password behind dbpass's back (to the one sr_analyst kept): CURRENT no longer logs in.
    emulator.state.oceanbaseUsers.get(`${seed.oceanbase.instanceId}/${seed.oceanbase.tenantId}/app_user`)!.password =
      emulator.state.huaweiInstances.get(seed.huawei.instances.starrocks.id)!.users.get('sr_analyst')!;
    const before = setRequests().length;
    const second = await harness.run({ only: ['ob-app-user'] });
    expect(second.results[0]).toMatchObject({
      outcome: 'failed',
      step: 'preflight',
      message: expect.stringMatching(/^CURRENT does not log in; nothing was sent/),
    });
    expect(setRequests().length).toBe(before);
    expect(await harness.store.read('ob-app-user', 'PENDING')).toBeUndefined();
  });

  it('without --init, refuses a store that holds none of the plan, and an account it holds no password for', async () => {
    const harness = await rotateHarness(emulator);
    const error = await harness.run({ init: false }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RotationSetupError);
    expect((error as Error).message).toMatch(/holds none of the 6 selected accounts .*nothing was sent/);
    expect(emulator.requests).toHaveLength(0);
    await harness.run({ only: ['taurus-0-root'] });
    const partial = await harness.run({ init: false });
    expect(partial.counts).toMatchObject({ rotated: 1, failed: 5 });
    expect(partial.results.find((result) => result.account === 'ob-app-user')).toMatchObject({
      step: 'create',
      message: expect.stringContaining('dbpass adopt --only ob-app-user'),
    });
    expect(setRequests().filter((request) => request.path.includes('/api/'))).toHaveLength(0);
  });

  it('adopt: proves what the database has by login, refuses a wrong or unprovable password, records API-only accounts only with trust', async () => {
    const harness = await rotateHarness(emulator);
    const { adopt } = await import('../src/index.js');
    const wrong = await adopt({ ...harness, password: 'Not-the-password-1' });
    expect(wrong.counts).toEqual({ adopted: 0, managed: 0, refused: 6 });
    expect(wrong.results[0]!.message).toMatch(/the database refuses the password given; nothing was adopted/);
    const none = await adopt({ ...harness, only: ['ob-app-user'] });
    expect(none.results[0]!.message).toMatch(/holds no password; give the one the database has with --from-stdin/);
    const apiOnly = {
      ...harness.plan,
      targets: harness.plan.targets.map((target) =>
        target.name === 'ob-app-user' ? { ...target, verify: { by: 'api' as const, reason: 'no route' } } : target,
      ),
    };
    const untrusted = await adopt({ ...harness, plan: apiOnly, password: seed.initialPassword });
    expect(untrusted.counts).toEqual({ adopted: 5, managed: 0, refused: 1 });
    expect(untrusted.results.find((result) => result.account === 'ob-app-user')!.message).toMatch(/--trust/);
    const trusted = await adopt({ ...harness, plan: apiOnly, password: seed.initialPassword, trust: true });
    expect(trusted.counts).toEqual({ adopted: 1, managed: 5, refused: 0 });
    expect((await harness.store.read('ob-app-user', 'CURRENT'))?.evidence).toMatchObject({
      method: 'trust',
      adopted: true,
    });
    expect(emulator.requests).toHaveLength(0);
    const rotated = await harness.run({ init: false });
    expect(rotated.counts).toMatchObject({ rotated: 6, failed: 0 });
  });

  it('verified by API: an engine that never applies the change keeps the last password that worked in the store', async () => {
    const harness = await rotateHarness(emulator);
    const { adopt } = await import('../src/index.js');
    const plan = {
      ...harness.plan,
      targets: harness.plan.targets
        .filter((target) => target.name === 'ob-app-user')
        .map((target) => ({ ...target, verify: { by: 'api' as const, reason: 'no route' } })),
    };
    const key = `${seed.oceanbase.instanceId}/${seed.oceanbase.tenantId}/app_user`;
    const live = emulator.state.oceanbaseUsers.get(key)!.password;
    await adopt({ ...harness, plan, password: seed.initialPassword, trust: true });
    for (let round = 0; round < 2; round++) {
      const summary = await harness.run({ plan, init: false });
      expect(summary.counts.rotated).toBe(1);
      // The cloud answered success, but the engine kept its password.
      emulator.state.oceanbaseUsers.get(key)!.password = live;
    }
    expect((await harness.store.read('ob-app-user', 'PREVIOUS'))?.password).toBe(seed.initialPassword);
    expect(await harness.storedPasswordWorks('ob-app-user', 'PREVIOUS')).toBe(true);
  });

  it('a manual account left with a PENDING by an --only run is resumed by the next scheduled run', async () => {
    const harness = await rotateHarness(emulator);
    const plan = {
      ...harness.plan,
      targets: harness.plan.targets.map((target) =>
        target.name === 'ob-app-user' ? { ...target, manual: true } : target,
      ),
    };
    await harness.run({ plan, only: ['ob-app-user'] });
    await harness.leavePending('ob-app-user', 'Left-by-manual-1!', 'v-manual');
    const scheduled = await harness.run({ plan, due: true });
    expect(scheduled.results.find((result) => result.account === 'ob-app-user')).toMatchObject({
      outcome: 'rotated',
      resumed: true,
    });
    expect((await harness.store.read('ob-app-user', 'CURRENT'))?.versionId).toBe('v-manual');
    const quiet = await harness.run({ plan, due: true });
    expect(quiet.results.map((result) => result.account)).not.toContain('ob-app-user');
  });

  it('a cloud that refuses connections is a failure (exit 2), not needs-attention, while CURRENT still logs in', async () => {
    const harness = await rotateHarness(emulator);
    await harness.run({ only: ['taurus-0-root'] });
    const { freePort } = await import('@dbpass/emulator');
    const down = `http://127.0.0.1:${await freePort()}`;
    const plan = {
      ...harness.plan,
      connections: { ...harness.plan.connections, hw: { ...harness.plan.connections.hw!, endpoint: down } },
    };
    const summary = await harness.run({ plan, only: ['taurus-0-root'] });
    expect(summary.results[0]).toMatchObject({
      outcome: 'failed',
      step: 'set',
      message: expect.stringMatching(/no answer from the cloud after every retry .*CURRENT still logs in/),
    });
    expect(await harness.storedPasswordWorks('taurus-0-root')).toBe(true);
  }, 120_000);

  it('a user the API refuses fails alone: its batch is split until it is, and the other users of its instance rotate', async () => {
    const harness = await rotateHarness(emulator, { ...SEEDED_FLEET, dbUsersPerInstance: 8 });
    const plan = {
      ...harness.plan,
      targets: harness.plan.targets.map((target) =>
        target.kind === 'taurusdb-db-users' ? { ...target, users: [...target.users!, { user: 'ghost_user' }] } : target,
      ),
    };
    const standIn = standInLoginChecker(emulator);
    // As MariaDB answers for a user it does not have: access denied.
    const checker = {
      tryLogin: (...args: Parameters<typeof standIn.tryLogin>) =>
        args[0].userName === 'ghost_user' ? Promise.resolve('refused' as const) : standIn.tryLogin(...args),
    };
    const summary = await harness.run({ plan, checker });
    const users = summary.results.filter((result) => result.account.startsWith('taurus-0-users/'));
    expect(users).toHaveLength(9);
    expect(users.filter((result) => result.outcome !== 'rotated')).toEqual([
      expect.objectContaining({ account: 'taurus-0-users/ghost_user@%', outcome: 'failed', step: 'set' }),
    ]);
    const jobs = setRequests().filter((request) => request.operationId === 'ResetGaussMySqlDatabasePassword');
    expect(jobs.length, 'about log2(9) halvings per try, never one call per user per try').toBeLessThan(3 * 9);
  });

  it('a missing credential variable names the target and the variable, and sends nothing', async () => {
    const harness = await rotateHarness(emulator);
    const { OB_SK: _removed, ...env } = harness.env;
    const error = await harness.run({ env }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RotationSetupError);
    expect((error as Error).message).toMatch(
      /target ob-app-user: connection "ob" needs the environment variable OB_SK/,
    );
    expect(emulator.requests).toHaveLength(0);
  });

  it('where the plan says no login is possible, records the API evidence and says so (no verifier needed)', async () => {
    const harness = await rotateHarness(emulator);
    const plan = {
      ...harness.plan,
      targets: harness.plan.targets.map((target) => ({
        ...target,
        verify: { by: 'api' as const, reason: 'no route to the database network' },
      })),
    };
    const events: RotationEvent[] = [];
    const summary = await harness.run({ plan, checker: undefined, onEvent: (event) => events.push(event) });
    expect(summary.counts.rotated).toBe(6);
    expect((await harness.store.read('taurus-0-users/app_user@%', 'CURRENT'))?.evidence).toMatchObject({
      method: 'api',
      apiResult: 'job Completed',
      jobId: expect.any(String),
      note: expect.stringContaining('no route to the database network'),
    });
    expect((await harness.store.read('ob-app-user', 'CURRENT'))?.evidence).toMatchObject({
      method: 'api',
      apiResult: 'ModifyTenantUserPassword answered success',
    });
    expect(
      events.filter((event) => event.step === 'test').every((event) => event.message?.startsWith('API evidence only')),
    ).toBe(true);
    for (const account of ['taurus-0-root', 'starrocks-sr-analyst', 'ob-app-user'])
      expect(await harness.storedPasswordWorks(account)).toBe(true);
  });

  it('--due skips accounts whose CURRENT is within its period', async () => {
    const harness = await rotateHarness(emulator);
    await harness.run();
    const plan = { ...harness.plan, targets: harness.plan.targets.map((target) => ({ ...target, period: '30d' })) };
    const summary = await harness.run({ plan, due: true });
    expect(summary.counts).toMatchObject({ rotated: 0, skipped: 6 });
  });

  it('holds the same invariant with 30% seeded faults (429, 409, 5xx, resets, failing jobs): reruns until done, nothing lost', async () => {
    await emulator.stop();
    const oneOf = [
      { kind: 'status' as const, status: 429, retryAfter: '0' },
      { kind: 'status' as const, status: 409 },
      { kind: 'status' as const, status: 500 },
      { kind: 'status' as const, status: 502 },
      { kind: 'status' as const, status: 503 },
      { kind: 'reset-before' as const },
      { kind: 'reset-after' as const },
      { kind: 'job-fail' as const, operationId: 'ResetGaussMySqlDatabasePassword' },
    ];
    emulator = await startEmulator({
      jobVisibleAfterMs: 20,
      jobDurationMs: 60,
      faults: { seed: 7, rules: [{ probability: 0.3, oneOf }] },
    });
    const harness = await rotateHarness(emulator, {
      taurusInstances: 3,
      dbUsersPerInstance: 12,
      starrocks: 8,
      clickhouse: 8,
      oceanbase: 10,
    });
    let runs = 0;
    for (let done = false; !done && runs < 30; runs++) {
      const summary = await harness.run({ setAttempts: 2 });
      done = summary.counts.rotated === summary.results.length;
    }
    const ids = expandTargets(harness.plan).map((account) => account.ref.id);
    for (const id of ids) {
      expect(await harness.storedPasswordWorks(id)).toBe(true);
      expect(await harness.store.read(id, 'PENDING')).toBeUndefined();
    }
    expect(emulator.requests.some((request) => request.fault)).toBe(true);
    console.log(
      `faults: ${ids.length} accounts, ${emulator.requests.filter((request) => request.fault).length} faults injected in ${emulator.requests.length} requests, ${runs} runs, lost 0`,
    );
  });
});
