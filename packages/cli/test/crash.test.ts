import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '@dbpass/emulator';
import { CHECKPOINTS, type CheckpointName } from '@dbpass/rotate';
import { SEEDED_FLEET, type FleetShape } from '../../rotate/test/emulator-fleet.js';
import { cliFixture, type CliFixture } from './cli-fixture.js';

/**
 * SIGKILL crash harness: `dbpass rotate` is killed at a named checkpoint (`DBPASS_CRASH_AT=<name>:<n>`, the n-th
 * time the run passes it), rerun with the next n until a run completes; each round cycles to another checkpoint.
 * After every kill, and at the end, the invariants are checked against the emulator.
 * DBPASS_CRASH_KILLS (default 200) and DBPASS_CRASH_FLEET (`seeded`, or instances,users,starrocks,clickhouse,oceanbase; default 3,12,8,8,10).
 */
const KILLS = Number(process.env.DBPASS_CRASH_KILLS ?? 200);
/** 65 accounts of the five kinds: 3 instances (root + 12 db users each), 8 StarRocks, 8 ClickHouse, 10 OceanBase. */
const DEFAULT_FLEET = '3,12,8,8,10';
const shapeFrom = (setting = DEFAULT_FLEET): FleetShape => {
  if (setting === 'seeded') return SEEDED_FLEET;
  const [taurusInstances, dbUsersPerInstance, starrocks, clickhouse, oceanbase] = setting.split(',').map(Number) as [number, number, number, number, number];
  return { taurusInstances, dbUsersPerInstance, starrocks, clickhouse, oceanbase };
};

let fixture: CliFixture;
beforeAll(async () => {
  fixture = await cliFixture(shapeFrom(process.env.DBPASS_CRASH_FLEET));
});
afterAll(() => fixture?.stop());

/** Every account's live password is in the store (CURRENT or PENDING), and no account has two PENDING. */
async function checkNothingLost(final: boolean): Promise<{ lost: string[]; doublePending: string[] }> {
  const store = await fixture.openStore();
  const lost: string[] = [];
  const doublePending: string[] = [];
  const versions = await store.list();
  for (const account of fixture.accounts) {
    const stages = (versions.get(account.id) ?? []).flatMap((version) => version.stages);
    if (stages.filter((stage) => stage === 'PENDING').length > 1) doublePending.push(account.id);
    const current = (await store.read(account.id, 'CURRENT'))?.password;
    const pending = (await store.read(account.id, 'PENDING'))?.password;
    // Before its first rotation finishes, an account may still have the seed's password, which the store never had.
    const stillInitial = current === undefined && fixture.works(account, seed.initialPassword);
    const ok = final ? fixture.works(account, current) && pending === undefined : stillInitial || fixture.works(account, current) || fixture.works(account, pending);
    if (!ok) lost.push(account.id);
  }
  return { lost, doublePending };
}

describe('dbpass rotate under SIGKILL', () => {
  it(`is killed at ${KILLS}+ distinct points and loses nothing`, async () => {
    const distinct = new Set<string>();
    let kills = 0;
    let runs = 0;
    let resumes = 0;
    let rounds = 0;
    const hitByName = new Map<CheckpointName, number>();
    while (kills < KILLS) {
      if (rounds > 4 * CHECKPOINTS.length && kills === 0) throw new Error('no checkpoint was ever hit: is DBPASS_CRASH_AT wired?');
      const name = CHECKPOINTS[rounds % CHECKPOINTS.length]!;
      for (let n = 1; ; n++) {
        const run = await fixture.dbpass(['--json', 'rotate'], { DBPASS_CRASH_AT: `${name}:${n}` });
        runs += 1;
        resumes += run.stdout.split('\n').filter((line) => line.includes('"step":"resume"')).length;
        if (run.signal === 'SIGKILL') {
          kills += 1;
          distinct.add(`${name}:${n}`);
          hitByName.set(name, (hitByName.get(name) ?? 0) + 1);
          const check = await checkNothingLost(false);
          expect(check, `after the kill at ${name}:${n}`).toEqual({ lost: [], doublePending: [] });
          continue;
        }
        expect(run.code, `${name}:${n}: ${run.stderr}${run.stdout.slice(-2000)}`).toBe(0);
        break;
      }
      expect(await checkNothingLost(true)).toEqual({ lost: [], doublePending: [] });
      rounds += 1;
    }
    const final = await checkNothingLost(true);
    expect(final).toEqual({ lost: [], doublePending: [] });
    expect(distinct.size).toBeGreaterThanOrEqual(Math.min(KILLS, 200));
    console.log(
      `crash harness: ${fixture.accounts.length} accounts, ${kills} SIGKILLs at ${distinct.size} distinct points (${[...hitByName].map(([name, count]) => `${name} ${count}`).join(', ')}), ` +
        `${runs} runs, ${rounds} completed rotations, ${resumes} PENDING resumes, ${fixture.emulator.state.applications.size} accounts set on the emulator, lost 0, double PENDING 0`,
    );
  }, 900_000);
});
