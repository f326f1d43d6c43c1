import path from 'node:path';
import { type Emulator, startEmulator } from '@dbpass/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AccountRef, expandTargets, parsePlan, type RotationEvent } from '../src/index.js';
import { SEEDED_FLEET } from './emulator-fleet.js';
import { fleetPlanYaml } from './fleet-plan.js';
import { type RotateHarness, rotateHarness } from './rotate-harness.js';
import { emulatorAccount } from './stand-in-login-checker.js';

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ jobVisibleAfterMs: 20, jobDurationMs: 60 });
});
afterEach(async () => {
  await emulator.stop();
});

const as = (ref: AccountRef, userName: string | undefined): AccountRef =>
  userName === undefined ? ref : { ...ref, userName };

/** What the store's stage holds for an account, judged by the emulator: its user, and whether the password opens it. */
async function pairAt(harness: RotateHarness, ref: AccountRef, stage: 'CURRENT' | 'PREVIOUS') {
  const version = await harness.store.read(ref.id, stage);
  const user = version?.username ?? ref.userName;
  const opens =
    version?.password !== undefined && emulator.state.checkPassword(emulatorAccount(as(ref, user)), version.password);
  return { user, opens };
}

/** An account's privileges on the emulator, without the free-text notes a twin does not copy. */
const grantsOf = (ref: AccountRef) => {
  const {
    comment: _comment,
    description: _description,
    ...grants
  } = emulator.state.privilegesOf(emulatorAccount(ref)) as unknown as Record<string, unknown>;
  return grants;
};

const userCount = () =>
  [...emulator.state.huaweiInstances.values()].reduce((count, instance) => count + instance.users.size, 0) +
  emulator.state.oceanbaseUsers.size;

describe('the alternating strategy', () => {
  it('switches each kind between its user and one twin with the same privileges; the other user keeps working', async () => {
    const harness = await rotateHarness(emulator, SEEDED_FLEET, { strategy: 'alternating' });
    const accounts = expandTargets(harness.plan).map((account) => account.ref);
    const alternating = accounts.filter((ref) => ref.twin !== undefined);
    expect(alternating.map((ref) => ref.kind).sort()).toEqual(
      ['clickhouse', 'oceanbase-tenant-user', 'starrocks', 'taurusdb-db-user', 'taurusdb-db-user'].sort(),
    );
    const usersBefore = userCount();
    const events: RotationEvent[] = [];
    for (let run = 1; run <= 3; run++) {
      const summary = await harness.run({ onEvent: (event) => events.push(event) });
      expect(summary.counts, `run ${run}`).toEqual({
        rotated: accounts.length,
        skipped: 0,
        failed: 0,
        'needs-attention': 0,
      });
      for (const ref of alternating) {
        // Runs 1 and 3 end on the twin, run 2 on the account's own user.
        const expected = run % 2 === 1 ? ref.twin : ref.userName;
        expect(await pairAt(harness, ref, 'CURRENT'), `${ref.id} after run ${run}`).toEqual({
          user: expected,
          opens: true,
        });
        if (run > 1)
          expect(await pairAt(harness, ref, 'PREVIOUS'), `${ref.id}: the other user still works`).toEqual({
            user: run % 2 === 1 ? ref.userName : ref.twin,
            opens: true,
          });
        expect(grantsOf(as(ref, ref.twin)), `${ref.id}: the twin's privileges`).toEqual(grantsOf(ref));
      }
    }
    // One twin per alternating account, made once (by the first run), never again.
    expect(userCount()).toBe(usersBefore + alternating.length);
    const creates = events.filter((event) => event.step === 'set' && /twin .* created/.test(event.message ?? ''));
    expect(creates.map((event) => event.account).sort()).toEqual(alternating.map((ref) => ref.id).sort());
  });

  it("creates one TaurusDB instance's twins in one job and reads its user list once per step, not once per user", async () => {
    const shape = { taurusInstances: 1, dbUsersPerInstance: 12, starrocks: 1, clickhouse: 1, oceanbase: 1 };
    const harness = await rotateHarness(emulator, shape, { strategy: 'alternating' });
    const alternating = expandTargets(harness.plan).filter((account) => account.ref.twin !== undefined);
    expect(alternating.filter((account) => account.ref.kind === 'taurusdb-db-user').length).toBeGreaterThanOrEqual(12);
    const sent = (operationId: string) => emulator.requests.filter((request) => request.operationId === operationId);
    const lists = () => sent('ListGaussMySqlDatabaseUser');
    expect((await harness.run()).counts.rotated).toBe(expandTargets(harness.plan).length);
    expect(sent('CreateGaussMySqlDatabaseUser')).toHaveLength(1);
    // Every original gains a database (as a DBA would grant it): their twins get it in one job.
    const taurus = alternating.map((account) => account.ref).filter((ref) => ref.kind === 'taurusdb-db-user');
    for (const ref of taurus) {
      const privileges = emulator.state.privilegesOf(emulatorAccount(ref));
      if (privileges.kind !== 'taurusdb') throw new Error(`${ref.id} has no TaurusDB privileges`);
      const databases = privileges.databases.filter((database) => database.name !== 'reports');
      emulator.state.setPrivileges(emulatorAccount(ref), {
        ...privileges,
        databases: [...databases, { name: 'reports', readonly: true }],
      });
    }
    // Back to the originals: each original's and each twin's privileges compared, two reads of one page, then one
    // more after the grant.
    let before = lists().length;
    const grantsBefore = sent('AddDatabasePermission').length;
    expect((await harness.run()).counts.rotated).toBe(expandTargets(harness.plan).length);
    expect(sent('AddDatabasePermission').length - grantsBefore).toBe(1);
    expect(lists().length - before).toBe(3);
    for (const ref of taurus) expect(grantsOf(as(ref, ref.twin)), ref.id).toEqual(grantsOf(ref));
    // To the twins again: each twin looked for first, one read more.
    before = lists().length;
    expect((await harness.run()).counts.rotated).toBe(expandTargets(harness.plan).length);
    expect(lists().length - before).toBe(3);
  });

  it('creates each twin alone when their shared job fails, and sets the password of those it made before failing', async () => {
    const shape = { taurusInstances: 1, dbUsersPerInstance: 8, starrocks: 1, clickhouse: 1, oceanbase: 1 };
    const harness = await rotateHarness(emulator, shape, { strategy: 'alternating' });
    const taurus = expandTargets(harness.plan)
      .map((account) => account.ref)
      .filter((ref) => ref.kind === 'taurusdb-db-user' && ref.twin !== undefined);
    emulator.injectFault({ kind: 'partial-batch', operationId: 'CreateGaussMySqlDatabaseUser', times: 1 });
    const summary = await harness.run();
    expect(summary.counts.rotated).toBe(expandTargets(harness.plan).length);
    const creates = emulator.requests.filter((request) => request.operationId === 'CreateGaussMySqlDatabaseUser');
    expect(creates[0]?.fault).toBe('partial-batch');
    expect(creates).toHaveLength(1 + taurus.length);
    for (const ref of taurus)
      expect(await pairAt(harness, ref, 'CURRENT'), ref.id).toEqual({ user: ref.twin, opens: true });
  });

  it('will not switch back to single while CURRENT is the twin: applications read the twin beside the password', async () => {
    const harness = await rotateHarness(emulator, SEEDED_FLEET, { strategy: 'alternating' });
    const ref = expandTargets(harness.plan).find((account) => account.ref.kind === 'starrocks')!.ref;
    const single = parsePlan(
      fleetPlanYaml(harness.fleet, { emulatorUrl: emulator.url, storeFile: path.join(harness.dir, 'store.dbpass') }),
      'single plan',
      harness.dir,
    );
    await harness.run({ only: [ref.target] });
    const sent = emulator.requests.length;
    const refused = await harness.run({ plan: single, only: [ref.target] });
    expect(refused.counts.failed).toBe(1);
    expect(refused.results[0]?.message).toMatch(
      /CURRENT is the password of the twin .* rotate once more with strategy: alternating/i,
    );
    expect(emulator.requests.length).toBe(sent);
    await harness.run({ only: [ref.target] });
    expect((await harness.run({ plan: single, only: [ref.target] })).counts.rotated).toBe(1);
  });

  it('grants the twin what its original gained since, before it is used', async () => {
    const harness = await rotateHarness(emulator, SEEDED_FLEET, { strategy: 'alternating' });
    const ref = expandTargets(harness.plan).find((account) => account.ref.kind === 'starrocks')!.ref;
    await harness.run({ only: [ref.target] });
    const original = emulator.state.privilegesOf(emulatorAccount(ref));
    if (original.kind !== 'starrocks') throw new Error('the seeded StarRocks user has no StarRocks privileges');
    emulator.state.setPrivileges(emulatorAccount(ref), { ...original, dml: (original.dml + 1) % 4 });
    expect(grantsOf(as(ref, ref.twin))).not.toEqual(grantsOf(ref));
    const summary = await harness.run({ only: [ref.target] });
    expect(summary.counts.rotated).toBe(1);
    expect(grantsOf(as(ref, ref.twin))).toEqual(grantsOf(ref));
  });
});
