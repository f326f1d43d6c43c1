import { defaultFaultMix, type EmulatorOptions, type FleetSize, seed, seededRandom } from '@dbpass/emulator';
import { type AccountRef, ALTERNATING_CHECKPOINTS, CHECKPOINTS, type CheckpointName } from '@dbpass/rotate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationView } from '../../rotate/test/store-contract.js';
import { type CliFixture, cliFixture, type FixtureStore } from './cli-fixture.js';
import type { CliRun, CliRunOptions } from './run-cli.js';

/**
 * SIGKILL crash harness, on the twin's real engines with the real verifier: every account is proven by logging in
 * (MariaDB for TaurusDB root and db users, StarRocks and OceanBase; ClickHouse over HTTP, with Basic auth as its
 * clients do: commit 425a1cb's "unreliable reload" was ClickHouse decoding `=?` in the key header). Checkpoint kills: `dbpass rotate` runs with `DBPASS_CRASH_AT=<name>:<n>` (SIGKILL the
 * n-th time it passes that checkpoint), then again with n+1, until a run completes; each round takes the next
 * checkpoint, and each cycle over the checkpoints starts PER_ROUND further, so no (name, n) repeats. Timed
 * kills: runs killed after a seeded random delay, which lands inside requests and jobs. After every kill, and at
 * the end, the invariants are checked against the emulator.
 *   DBPASS_CRASH_KILLS   checkpoint kills (default: the suite's own, 200 for the file store, 50 for the others)
 *   DBPASS_CRASH_TIMED   timed kills (default 10)
 *   DBPASS_CRASH_RACES   rounds of two runners at once, each in a PID namespace of its own, one of them killed
 *                        at a random moment, then a third that waits out the killed holder's lease (default 6)
 *   DBPASS_CRASH_FLEET   accounts beyond the seed's six: instances,usersPerInstance,starrocks,clickhouse,oceanbase
 *                        (default 1,25,11,11,11: 65 in all, on two TaurusDB instances)
 *   DBPASS_CRASH_FAULTS  probability of an injected fault per request (default 0.2)
 */
const FAULTS = Number(process.env.DBPASS_CRASH_FAULTS ?? 0.2);
/** Accounts checked at once after a kill. */
const CHECKS_AT_ONCE = 6;
/**
 * The plan's lease: short, so that a holder killed in another PID namespace (whose pid means nothing here) is
 * waited out in seconds; long enough that a live holder on a loaded 2-core machine always renews in time.
 */
const LEASE_MS = 5_000;
/**
 * 65 accounts of the five kinds: the seed's (root, app_user@%, report_user@10.10.10.%, one of each other kind) and
 * a second TaurusDB instance (root + 25 db users), 12 StarRocks, 12 ClickHouse and 12 OceanBase users in all.
 */
const DEFAULT_FLEET = '1,25,11,11,11';
const fleetFrom = (setting: string): FleetSize => {
  const [taurusInstances, usersPerInstance, starrocksUsers, clickhouseUsers, oceanbaseUsers] = setting
    .split(',')
    .map(Number) as [number, number, number, number, number];
  return { taurusInstances, usersPerInstance, starrocksUsers, clickhouseUsers, oceanbaseUsers };
};
/** The emulator's mix of every fault the clouds are known for (`dbpass-emulator --faults` injects the same). */
const faults = (probability: number): EmulatorOptions =>
  probability > 0 ? { faults: { seed: 13, rules: defaultFaultMix(probability) } } : {};

/**
 * A store the crash test runs against: how the plan names it, and how applications hold and read its passwords (the
 * suite seeds every account's location with its live password the way applications hold it, then `dbpass adopt`s it).
 */
export interface CrashStore extends FixtureStore {
  readonly application: ApplicationView;
  stop(): Promise<void>;
}

export interface CrashSuiteOptions {
  /** Checkpoint kills unless DBPASS_CRASH_KILLS says otherwise. */
  readonly kills?: number;
  readonly timed?: number;
  readonly races?: number;
  /** Fleet shape unless DBPASS_CRASH_FLEET says otherwise. */
  readonly fleet?: string;
  /** Starts the store's server; absent: the embedded file store. */
  readonly store?: () => Promise<CrashStore>;
  /**
   * `alternating`: every account that can alternates with a twin; the suite also kills at the twin's checkpoints,
   * and checks after every completed round that each account has one twin with its original's privileges.
   */
  readonly strategy?: 'single' | 'alternating';
  /** Called once the fleet is adopted, before any rotation (what the twin checks compare with). */
  readonly afterAdoption?: (fixture: CliFixture) => Promise<void>;
  /** Called before every round of checkpoint kills (the alternating suite changes the originals' privileges). */
  readonly beforeRound?: (fixture: CliFixture) => Promise<void>;
  /** The alternating suite's check of the twins, after every completed round: what is wrong, in words. */
  readonly twinProblems?: (fixture: CliFixture) => Promise<string[]>;
}

export function crashSuite(name: string, options: CrashSuiteOptions = {}): void {
  const KILLS = Number(process.env.DBPASS_CRASH_KILLS ?? options.kills ?? 60);
  const TIMED = Number(process.env.DBPASS_CRASH_TIMED ?? options.timed ?? 10);
  const RACES = Number(process.env.DBPASS_CRASH_RACES ?? options.races ?? 6);
  /** Kills per round, so that every checkpoint gets its share of KILLS. */
  const alternating = options.strategy === 'alternating';
  const checkpoints: readonly CheckpointName[] = alternating
    ? [...CHECKPOINTS, ...ALTERNATING_CHECKPOINTS]
    : CHECKPOINTS;
  const PER_ROUND = Math.ceil(KILLS / checkpoints.length);
  let fixture: CliFixture;
  let storeServer: CrashStore | undefined;
  beforeAll(async () => {
    storeServer = await options.store?.();
    fixture = await cliFixture(
      fleetFrom(process.env.DBPASS_CRASH_FLEET ?? options.fleet ?? DEFAULT_FLEET),
      faults(FAULTS),
      {
        leaseMs: LEASE_MS,
        ...(storeServer ? { store: storeServer } : {}),
        ...(options.strategy ? { strategy: options.strategy } : {}),
      },
    );
  }, 240_000);
  afterAll(async () => {
    await fixture?.stop();
    await storeServer?.stop();
  });

  /** What applications hold beside each password, as seeded: compared byte for byte after every kill. */
  const unrelatedAtStart = new Map<string, string>();

  /**
   * Every account's live password is where applications read it (CURRENT) or beside it as PENDING (the window
   * between a set and its promotion), every unrelated key is as seeded, and no account has two PENDING. Final:
   * what applications read logs in, with no PENDING left.
   */
  async function checkNothingLost(final: boolean): Promise<typeof nothingLost> {
    const store = await fixture.openStore();
    const lost: string[] = [];
    const doublePending: string[] = [];
    const unrelatedChanged: string[] = [];
    const previousWrong: string[] = [];
    // At the end of a round, clients nobody here wrote judge (the mariadb client, curl); after each kill the
    // verifier does, which is fast enough for every account at every kill.
    const works = final ? fixture.worksForStockClients : fixture.works;
    const versions = await store.list();
    const application = storeServer?.application;
    const check = async (account: AccountRef) => {
      const stages = (versions.get(account.id) ?? []).flatMap((version) => version.stages);
      if (stages.filter((stage) => stage === 'PENDING').length > 1) doublePending.push(account.id);
      // A version's password is its user's: the account's own, or (alternating) the twin it names.
      const as = (userName: string | undefined) =>
        account.twin === undefined || userName === undefined ? account : { ...account, userName };
      const currentVersion = await store.read(account.id, 'CURRENT');
      const current = application ? await application.read(account.id) : currentVersion?.password;
      const currentAs = as(currentVersion?.username);
      const pendingVersion = await store.read(account.id, 'PENDING');
      const [pending, pendingAs] = [pendingVersion?.password, as(pendingVersion?.username)];
      const ok = final
        ? (await works(currentAs, current)) && pending === undefined
        : (await works(currentAs, current)) || (await works(pendingAs, pending));
      if (!ok) lost.push(account.id);
      const previousVersion = final ? await store.read(account.id, 'PREVIOUS') : undefined;
      const previous = previousVersion?.password;
      // Single: the password before CURRENT no longer opens anything. Alternating: it is the other user's, which
      // keeps working until the next rotation (the grace applications rely on).
      if (previous !== undefined && previous !== current) {
        const previousOpens = await works(as(previousVersion?.username), previous);
        if (previousOpens !== (account.twin !== undefined)) previousWrong.push(account.id);
      }
      if (application && (await application.unrelated(account.id)) !== unrelatedAtStart.get(account.id))
        unrelatedChanged.push(account.id);
    };
    // A few accounts at a time: each check spawns clients (bao, curl, mariadb), which dominate the suite's time.
    for (let first = 0; first < fixture.accounts.length; first += CHECKS_AT_ONCE)
      await Promise.all(fixture.accounts.slice(first, first + CHECKS_AT_ONCE).map(check));
    for (const list of [lost, doublePending, unrelatedChanged, previousWrong]) list.sort();
    return { lost, doublePending, unrelatedChanged, previousWrong };
  }
  const nothingLost: { lost: string[]; doublePending: string[]; unrelatedChanged: string[]; previousWrong: string[] } =
    { lost: [], doublePending: [], unrelatedChanged: [], previousWrong: [] };

  /**
   * The fleet as a team brings it: every live password where applications read it (a remote store's location,
   * seeded as applications hold it) or nowhere yet (the file store: `adopt --from-stdin`), then `dbpass adopt`.
   */
  async function adoptFleet(): Promise<void> {
    const application = storeServer?.application;
    if (application) {
      for (const account of fixture.accounts) {
        await application.seed(account.id, seed.initialPassword);
        unrelatedAtStart.set(account.id, await application.unrelated(account.id));
      }
    }
    const run = await fixture.dbpass(
      ['adopt', ...(application ? [] : ['--from-stdin'])],
      {},
      application ? {} : { input: `${seed.initialPassword}\n` },
    );
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout).toContain(`${fixture.accounts.length} accounts: ${fixture.accounts.length} adopted`);
  }

  const counts = { runs: 0, accountResumes: 0, completed: 0, incomplete: 0, locked: 0 };
  /**
   * One `dbpass --json rotate` (plus `args`): killed, or ended 0 (done) or 2 (some failed under injected faults,
   * nothing lost; the next run resumes), or 4 where another run may hold the store. 3 or 1 is a bug here.
   */
  const rotateOnce = async (
    env: Record<string, string> = {},
    options: CliRunOptions & { args?: readonly string[]; mayFindLocked?: boolean } = {},
  ): Promise<CliRun> => {
    const { args = [], mayFindLocked = false, ...runOptions } = options;
    const run = await fixture.dbpass(['--json', 'rotate', ...args], env, runOptions);
    counts.runs += 1;
    counts.accountResumes += run.stdout.split('\n').filter((line) => line.includes('"step":"resume"')).length;
    if (run.signal === 'SIGKILL') return run;
    const failures = run.stdout.split('\n').filter((line) => /"outcome":"(failed|needs-attention)"/.test(line));
    const allowed = [0, ...(FAULTS > 0 ? [2] : []), ...(mayFindLocked ? [4] : [])];
    expect(allowed, `${run.stderr}${failures.join('\n').slice(0, 4000)}`).toContain(run.code);
    if (run.code === 0) counts.completed += 1;
    else if (run.code === 4) counts.locked += 1;
    else counts.incomplete += 1;
    return run;
  };
  const rotateUntilDone = async () => {
    while ((await rotateOnce()).code !== 0);
  };

  /**
   * Two runners started at once, each in a PID namespace of its own (two pods on one host network): one gets the
   * store, the other finds it locked (a collision) unless the first is gone by then; one of them is killed at a
   * random moment. A lock left by a killed holder names a pid that means nothing here, so a third runner waits out
   * its lease (`--wait`) and takes it over. Returns what it saw.
   */
  async function race(
    random: () => number,
    killHolder: boolean,
  ): Promise<{ killed: boolean; collided: boolean; leaseWaitedOut: boolean }> {
    const inNamespace = { pidNamespace: true, mayFindLocked: true } as const;
    // A random moment may fall before the lock is taken or after it is released; `killHolder` kills a runner at its
    // first PENDING, which it only writes holding the lock, and then starts the second, which finds it held.
    const runs = killHolder
      ? [await rotateOnce({ DBPASS_CRASH_AT: 'pending:written:1' }, inNamespace), await rotateOnce({}, inNamespace)]
      : await Promise.all([
          rotateOnce({}, { ...inNamespace, killAfterMs: 100 + Math.floor(random() * 2_000) }),
          rotateOnce({}, inNamespace),
        ]);
    const collided = runs.some((run) => run.code === 4);
    // Killed at its first PENDING, the first runner held the lock: whoever runs next, from another PID namespace,
    // can only take it over once its lease has passed (the second runner, if it started late on a loaded machine).
    const killedHolder = killHolder && runs[0]!.signal === 'SIGKILL';
    const held = (await fixture.dbpass(['--json', 'unlock'])).code === 4;
    if (held || killedHolder) {
      // Still held: a killed runner's lease, which no run here can judge by its pid; a waiting run takes it over.
      const run = await rotateOnce({}, { pidNamespace: true, args: ['--wait', String((4 * LEASE_MS) / 1000)] });
      expect(run.code, `${run.stderr}`).not.toBe(4);
    }
    return { killed: runs.some((run) => run.signal === 'SIGKILL'), collided, leaseWaitedOut: held || killedHolder };
  }

  describe(`dbpass rotate under SIGKILL (${name})`, () => {
    it(`is killed at ${KILLS} checkpoints and ${TIMED} random moments, races ${RACES} times in PID namespaces, under ${FAULTS * 100}% faults, and loses nothing`, async () => {
      await adoptFleet();
      expect(await checkNothingLost(true), 'after adoption').toEqual(nothingLost);
      await options.afterAdoption?.(fixture);
      const distinct = new Set<string>();
      const hitByName = new Map<CheckpointName, number>();
      const killed = async (run: CliRun, at: string, name: CheckpointName) => {
        if (run.signal !== 'SIGKILL') return false;
        distinct.add(at);
        hitByName.set(name, (hitByName.get(name) ?? 0) + 1);
        expect(await checkNothingLost(false), `after the kill at ${at}`).toEqual(nothingLost);
        return true;
      };
      if (alternating) {
        // The twins are created once, by the first rotations: runs killed at the n-th create and the n-th created
        // twin in turn, n growing, each run making a few more twins before it dies, until one runs to its end.
        for (let n = 1; ; n++) {
          let ended = false;
          for (const name of ['create:before', 'twin:created'] as const) {
            const at = `${name}:${n}`;
            const run = await rotateOnce({ DBPASS_CRASH_AT: at });
            if (!(await killed(run, at, name)) && run.code === 0) ended = true;
            if (ended) break;
          }
          if (ended) break;
        }
        expect(await checkNothingLost(true), 'after the twins were made').toEqual(nothingLost);
      }
      let rounds = 0;
      while (distinct.size < KILLS) {
        if (rounds > 4 * checkpoints.length && distinct.size === 0)
          throw new Error('no checkpoint was ever hit: is DBPASS_CRASH_AT wired?');
        const name = checkpoints[rounds % checkpoints.length]!;
        const first = 1 + Math.floor(rounds / checkpoints.length) * PER_ROUND;
        await options.beforeRound?.(fixture);
        for (let n = first; ; n++) {
          const at = `${name}:${n}`;
          const run = await rotateOnce(n < first + PER_ROUND && distinct.size < KILLS ? { DBPASS_CRASH_AT: at } : {});
          if (!(await killed(run, at, name)) && run.code === 0) break;
        }
        expect(await checkNothingLost(true)).toEqual(nothingLost);
        if (options.twinProblems) expect(await options.twinProblems(fixture), `after round ${rounds}`).toEqual([]);
        rounds += 1;
      }
      const random = seededRandom(5);
      let timedKills = 0;
      for (let index = 0; index < TIMED; index++) {
        const run = await rotateOnce({}, { killAfterMs: 50 + Math.floor(random() * 700) });
        if (run.signal === 'SIGKILL') {
          timedKills += 1;
          expect(await checkNothingLost(false), `after timed kill ${index}`).toEqual(nothingLost);
        }
      }
      const races = { killed: 0, collisions: 0, leasesWaitedOut: 0 };
      for (let index = 0; index < RACES; index++) {
        // The first race kills a runner at its first new PENDING: settled first, so that no account only resumes.
        if (index === 0) await rotateUntilDone();
        const seen = await race(random, index === 0);
        races.killed += Number(seen.killed);
        races.collisions += Number(seen.collided);
        races.leasesWaitedOut += Number(seen.leaseWaitedOut);
        expect(await checkNothingLost(false), `after race ${index}`).toEqual(nothingLost);
      }
      await rotateUntilDone();
      expect(await checkNothingLost(true)).toEqual(nothingLost);
      if (options.twinProblems) expect(await options.twinProblems(fixture), 'at the end').toEqual([]);
      if (RACES >= 6) expect(races.collisions, 'two runners at once never met').toBeGreaterThan(0);
      if (RACES > 0) expect(races.leasesWaitedOut, 'no killed holder left its lease to wait out').toBeGreaterThan(0);
      const faultCount = fixture.emulator.requests.filter((request) => request.fault).length;
      console.log(
        `crash harness (${name}): ${fixture.accounts.length} accounts adopted (${storeServer ? 'from where applications read them' : 'adopt --from-stdin'}); ${distinct.size} SIGKILLs at distinct checkpoints (${[...hitByName].map(([name, count]) => `${name} ${count}`).join(', ')}) + ${timedKills} timed SIGKILLs; ` +
          `${counts.runs} runs (${distinct.size + timedKills} resumed after a kill, ${counts.completed} completed, ${counts.incomplete} ended with failures to resume), ${counts.accountResumes} account resumes; ` +
          `${RACES} races of two runners in PID namespaces of their own (${races.collisions} collisions, ${races.killed} killed, ${races.leasesWaitedOut} leases of a killed holder waited out); ` +
          `${faultCount} injected faults in ${fixture.emulator.requests.length} requests (${Object.entries(
            fixture.emulator.faults.fired,
          )
            .map(([kind, count]) => `${kind} ${count}`)
            .join(
              ', ',
            )}); lost 0, double PENDING 0, ${alternating ? "each PREVIOUS (the other user's) still logs in and each twin has its original's grants" : 'old passwords refused'} (mariadb client, curl)${storeServer ? ', unrelated keys unchanged' : ''}`,
      );
    }, 1_800_000);
  });
}
