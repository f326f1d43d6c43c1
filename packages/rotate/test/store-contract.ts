import { randomUUID } from 'node:crypto';
import { type Emulator, seed, startEmulator } from '@dbpass/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdoptionConflictError,
  adopt,
  expandTargets,
  LockLostError,
  NotAdoptedError,
  openPlanStore,
  PendingExistsError,
  type Plan,
  parsePlan,
  rotate,
  type SecretStore,
  type SecretVersion,
  StoreLockedError,
  type VerificationEvidence,
} from '../src/index.js';
import { growFleet } from './emulator-fleet.js';
import { fleetEnv, fleetPlanYaml } from './fleet-plan.js';
import { emulatorAccount, standInLoginChecker } from './stand-in-login-checker.js';

/** One store under the contract: a plan `store:` value and the environment it needs, for a server that runs. */
export interface StoreUnderTest {
  /** YAML flow text of the plan's `store:`. */
  readonly store: string;
  readonly env: Record<string, string>;
  /** The same store as a broken setup would name it: a server that is down, credentials it refuses. */
  readonly down: { readonly store: string; readonly env: Record<string, string> };
  readonly badAuth: { readonly store: string; readonly env: Record<string, string> };
  /**
   * The account's location as applications hold it today, for the adoption contract (absent: the file store, which
   * only dbpass writes; its adoption is `adopt` with a given password).
   */
  readonly application?: ApplicationView;
  /** What an error may never contain (tokens, keys). */
  readonly secrets: readonly string[];
  stop(): Promise<void>;
}

/** How applications hold and read an account's password in a store, through a client nobody here wrote where one exists. */
export interface ApplicationView {
  /** Seeds the location the way applications hold it today, with unrelated keys (and labels) beside the password. */
  seed(accountId: string, password: string): Promise<void>;
  /** What an application reads as the password now (undefined: nothing there). */
  read(accountId: string): Promise<string | undefined>;
  /** Everything at the location that dbpass does not own, as text to compare byte for byte. */
  unrelated(accountId: string): Promise<string>;
}

const evidence = (): VerificationEvidence => ({ method: 'api', at: new Date().toISOString(), apiResult: 'SUCCESS' });
const loginEvidence = (): VerificationEvidence => ({
  method: 'login',
  at: new Date().toISOString(),
  pendingAccepted: true,
});

/**
 * The contract every SecretStore passes against its real server: staged writes and reads, a refused second
 * PENDING, two writers racing (one loses cleanly), a store that is down or refuses auth (a typed error and
 * nothing sent to the cloud), and a whole rotation through `rotate`.
 */
export function storeContract(
  name: string,
  start: () => Promise<StoreUnderTest>,
  options: { lockFreeWrites?: boolean } = {},
): void {
  describe(`${name} store contract`, () => {
    let subject: StoreUnderTest;
    let emulator: Emulator;
    const planFor = (store: string) =>
      parsePlan(
        fleetPlanYaml(
          growFleet(emulator, { taurusInstances: 1, dbUsersPerInstance: 2, starrocks: 0, clickhouse: 1, oceanbase: 0 }),
          { emulatorUrl: emulator.url, storeFile: 'unused', store },
        ),
        `${name} plan`,
        '/tmp',
      );
    const env = () => ({ ...fleetEnv('unused'), ...subject.env });
    const open = (plan?: Plan) => openPlanStore(plan ?? planFor(subject.store), { env: env() });
    /** An account id in this run's targets' name space, unique per test. */
    const accountId = () => `contract-${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      [subject, emulator] = await Promise.all([start(), startEmulator({ jobVisibleAfterMs: 5, jobDurationMs: 20 })]);
    }, 240_000);
    afterAll(async () => {
      await subject?.stop();
      await emulator?.stop();
    });

    it('writes PENDING, promotes it, and reads every stage', async () => {
      const store = await open();
      const id = accountId();
      const lock = await store.lock();
      try {
        expect(await store.read(id, 'CURRENT')).toBeUndefined();
        const first = await store.putPending(id, 'first-Passw0rd!', randomUUID());
        expect((await store.read(id, 'PENDING'))?.password).toBe('first-Passw0rd!');
        await store.note(id, first.versionId, { appliedAt: new Date().toISOString() });
        expect((await store.read(id, 'PENDING'))?.appliedAt).toBeDefined();
        await store.promote(id, first.versionId, evidence());
        expect(await store.read(id, 'PENDING')).toBeUndefined();
        expect(await store.read(id, 'CURRENT')).toMatchObject({
          versionId: first.versionId,
          password: 'first-Passw0rd!',
          stages: ['CURRENT'],
          promotedAt: expect.any(String),
          evidence: { method: 'api' },
        });
        const second = await store.putPending(id, 'second-Passw0rd!', randomUUID());
        await store.promote(id, second.versionId, evidence());
        expect((await store.read(id, 'CURRENT'))?.password).toBe('second-Passw0rd!');
        expect(await store.read(id, 'PREVIOUS')).toMatchObject({
          versionId: first.versionId,
          password: 'first-Passw0rd!',
        });
        const listed = (await store.list()).get(id)!;
        expect(listed.map((version) => version.stages).filter((stages) => stages.length > 0)).toEqual(
          expect.arrayContaining([['PREVIOUS'], ['CURRENT']]),
        );
        expect(JSON.stringify(listed)).not.toContain('Passw0rd');
        await expect(store.promote(id, first.versionId, evidence())).rejects.toThrow(/not PENDING|PENDING/);
      } finally {
        await lock.release();
      }
    });

    it('refuses a second PENDING and keeps the first', async () => {
      const store = await open();
      const id = accountId();
      const lock = await store.lock();
      try {
        const first = await store.putPending(id, 'kept-Passw0rd!', randomUUID());
        await expect(store.putPending(id, 'other-Passw0rd!', randomUUID())).rejects.toBeInstanceOf(PendingExistsError);
        expect(await store.read(id, 'PENDING')).toMatchObject({
          versionId: first.versionId,
          password: 'kept-Passw0rd!',
        });
      } finally {
        await lock.release();
      }
    });

    const race = async (write: (store: SecretStore, id: string, password: string) => Promise<SecretVersion>) => {
      const [one, two] = await Promise.all([open(), open()]);
      for (let round = 0; round < 4; round++) {
        const id = accountId();
        const outcomes = await Promise.allSettled([
          write(one, id, `one-${round}-Passw0rd!`),
          write(two, id, `two-${round}-Passw0rd!`),
        ]);
        const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.map((outcome) => outcome.reason)).toEqual([expect.any(PendingExistsError)]);
        const winner = (won[0] as PromiseFulfilledResult<{ password?: string }>).value.password;
        expect((await one.read(id, 'PENDING'))?.password).toBe(winner);
        expect((await two.list()).get(id)?.filter((version) => version.stages.includes('PENDING'))).toHaveLength(1);
      }
    };

    it('lets one of two racing runs win and the other lose with PendingExistsError', () =>
      race(async (store, id, password) => {
        const lock = await store.lock({ waitMs: 20_000 });
        try {
          return await store.putPending(id, password, randomUUID());
        } finally {
          await lock.release();
        }
      }));

    if (options.lockFreeWrites) {
      it('lets one of two writers racing without the run lock win (compare-and-set) and the other lose with PendingExistsError', () =>
        race((store, id, password) => store.putPending(id, password, randomUUID())));
    }

    it('lets one run hold the lock at a time', async () => {
      const [one, two] = await Promise.all([open(), open()]);
      const lock = await one.lock();
      await expect(two.lock()).rejects.toBeInstanceOf(StoreLockedError);
      await lock.release();
      await (await two.lock()).release();
    });

    it('shows the lock holder, breaks it on request, and fences the run that lost it: it writes nothing more', async () => {
      const [one, two] = await Promise.all([open(), open()]);
      // Short, so that the first run finds out soon that it lost the lock; long enough that a loaded machine's
      // stalls between two renewals never let it pass while the first run still holds it (600 ms did, in CI).
      const first = await one.lock({ leaseMs: 3_000 });
      const id = accountId();
      await one.putPending(id, 'first-Passw0rd!', randomUUID());
      await expect(two.lock()).rejects.toBeInstanceOf(StoreLockedError);
      expect(await two.lockHolder()).toEqual({ holder: expect.stringContaining(`pid ${process.pid} on `) });
      expect(await two.breakLock()).toMatchObject({ holder: expect.stringContaining(`pid ${process.pid} on `) });
      const second = await two.lock();
      // The first run's next renewal finds the lock is no longer its own.
      while (!first.lost()) await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(one.putPending(accountId(), 'stale-Passw0rd!', randomUUID())).rejects.toBeInstanceOf(LockLostError);
      await first.release();
      expect(await two.lockHolder(), 'the stale run released nothing of the new holder').toBeDefined();
      expect((await two.read(id, 'PENDING'))?.password).toBe('first-Passw0rd!');
      await second.release();
      expect(await two.lockHolder()).toBeUndefined();
    });

    for (const broken of ['down', 'badAuth'] as const) {
      it(`fails with a typed error naming the store and sends nothing to the cloud when it is ${broken === 'down' ? 'down' : 'refusing the credentials'}`, async () => {
        const plan = planFor(subject[broken].store);
        const before = emulator.requests.length;
        const attempt = openPlanStore(plan, { env: { ...env(), ...subject[broken].env } }).then((store) =>
          rotate({ plan, store, checker: standInLoginChecker(emulator), env: env() }),
        );
        const error = (await attempt.then(
          () => undefined,
          (thrown: unknown) => thrown,
        )) as Error;
        expect(error?.name, String(error)).toMatch(
          broken === 'down' ? /^StoreUnavailableError$/ : /^(StoreAuthError|StoreDecryptError|StoreKeyError)$/,
        );
        expect(error.message).toMatch(/store/);
        for (const secret of subject.secrets) expect(error.message).not.toContain(secret);
        expect(emulator.requests.length).toBe(before);
      });
    }

    it('adopts the password applications read in place, never writes over it unadopted, and keeps every unrelated byte through a rotation', async (context) => {
      const app = subject.application;
      if (!app) return context.skip();
      const id = accountId();
      await app.seed(id, 'live-Passw0rd!');
      const unrelated = await app.unrelated(id);
      const store = await open();
      const lock = await store.lock();
      try {
        expect(await store.inspect(id)).toMatchObject({ state: 'unmanaged', password: 'live-Passw0rd!' });
        await expect(store.putPending(id, 'next-Passw0rd!', randomUUID())).rejects.toBeInstanceOf(NotAdoptedError);
        await expect(store.adopt(id, 'other-Passw0rd!', randomUUID(), loginEvidence())).rejects.toBeInstanceOf(
          AdoptionConflictError,
        );
        expect(await app.read(id)).toBe('live-Passw0rd!');
        expect(await store.read(id, 'CURRENT')).toBeUndefined();
        await store.adopt(id, 'live-Passw0rd!', randomUUID(), loginEvidence());
        expect(await store.inspect(id)).toEqual({ state: 'managed' });
        expect(await store.read(id, 'CURRENT')).toMatchObject({
          password: 'live-Passw0rd!',
          stages: ['CURRENT'],
          evidence: { method: 'login', adopted: true },
        });
        expect(await app.read(id)).toBe('live-Passw0rd!');
        expect(await app.unrelated(id)).toBe(unrelated);
        await expect(store.adopt(id, 'live-Passw0rd!', randomUUID(), loginEvidence())).rejects.toBeInstanceOf(
          AdoptionConflictError,
        );
        const pending = await store.putPending(id, 'next-Passw0rd!', randomUUID());
        expect(await app.read(id), 'applications keep reading CURRENT while PENDING waits').toBe('live-Passw0rd!');
        expect(await app.unrelated(id)).toBe(unrelated);
        await store.note(id, pending.versionId, { appliedAt: new Date().toISOString() });
        await store.promote(id, pending.versionId, loginEvidence());
        expect(await app.read(id)).toBe('next-Passw0rd!');
        expect(await app.unrelated(id)).toBe(unrelated);
        expect((await store.read(id, 'PREVIOUS'))?.password).toBe('live-Passw0rd!');
      } finally {
        await lock.release();
      }
    });

    it('adopts a given password into an empty location, where applications then read it', async () => {
      const id = accountId();
      const store = await open();
      const lock = await store.lock();
      try {
        expect(await store.inspect(id)).toEqual({ state: 'absent' });
        await store.adopt(id, 'given-Passw0rd!', randomUUID(), loginEvidence());
        expect((await store.read(id, 'CURRENT'))?.password).toBe('given-Passw0rd!');
        if (subject.application) expect(await subject.application.read(id)).toBe('given-Passw0rd!');
      } finally {
        await lock.release();
      }
    });

    it("keeps the last password that logged in as PREVIOUS while the ones after it have only the API's word", async () => {
      const id = accountId();
      const store = await open();
      const lock = await store.lock();
      try {
        await store.adopt(id, 'proven-Passw0rd!', randomUUID(), loginEvidence());
        for (const password of ['api-1-Passw0rd!', 'api-2-Passw0rd!', 'api-3-Passw0rd!']) {
          const pending = await store.putPending(id, password, randomUUID());
          await store.promote(id, pending.versionId, evidence());
          expect((await store.read(id, 'CURRENT'))?.password).toBe(password);
          expect((await store.read(id, 'PREVIOUS'))?.password, `after ${password}`).toBe('proven-Passw0rd!');
        }
        const proven = await store.putPending(id, 'login-Passw0rd!', randomUUID());
        await store.promote(id, proven.versionId, loginEvidence());
        const last = await store.putPending(id, 'last-Passw0rd!', randomUUID());
        await store.promote(id, last.versionId, evidence());
        expect((await store.read(id, 'PREVIOUS'))?.password).toBe('login-Passw0rd!');
      } finally {
        await lock.release();
      }
    });

    it('refuses to rotate a store that holds none of the plan without --init, sending nothing', async () => {
      const plan = planFor(subject.store);
      const store = await open(plan);
      const before = emulator.requests.length;
      await expect(rotate({ plan, store, checker: standInLoginChecker(emulator), env: env() })).rejects.toThrow(
        /holds none of the .* selected accounts.*nothing was sent/s,
      );
      expect(emulator.requests.length).toBe(before);
    });

    it('after adoption, a failed set leaves the password applications read there and working', async () => {
      const plan = planFor(subject.store);
      const [account] = expandTargets(plan);
      const id = account!.ref.id;
      const store = await open(plan);
      const checker = standInLoginChecker(emulator);
      if (subject.application) await subject.application.seed(id, seed.initialPassword);
      const unrelated = await subject.application?.unrelated(id);
      const adopted = await adopt({
        plan,
        store,
        checker,
        only: [id],
        ...(subject.application ? {} : { password: seed.initialPassword }),
      });
      expect(adopted.counts, JSON.stringify(adopted.results)).toMatchObject({ adopted: 1, refused: 0 });
      const failed = await rotate({
        plan,
        store,
        checker,
        only: [id],
        env: { ...env(), HW_SK: `${seed.huawei.sk.slice(0, -4)}XXXX` },
        loginRetryDelaysMs: [20],
      });
      expect(failed.counts).toMatchObject({ rotated: 0, failed: 1 });
      expect(emulator.state.checkPassword(emulatorAccount(account!.ref), seed.initialPassword)).toBe(true);
      expect((await store.read(id, 'CURRENT'))?.password).toBe(seed.initialPassword);
      if (subject.application) {
        expect(await subject.application.read(id)).toBe(seed.initialPassword);
        expect(await subject.application.unrelated(id)).toBe(unrelated);
      }
    });

    it('carries a whole rotation: every account rotated, CURRENT logs in, a second run leaves PREVIOUS', async () => {
      const plan = planFor(subject.store);
      const store = await open(plan);
      const checker = standInLoginChecker(emulator);
      const first = await rotate({ plan, store, checker, env: env(), loginRetryDelaysMs: [20], init: true });
      expect(first.counts).toMatchObject({ rotated: first.results.length, failed: 0 });
      const second = await rotate({ plan, store, checker, env: env(), loginRetryDelaysMs: [20] });
      expect(second.counts.rotated).toBe(second.results.length);
      const accounts = new Map(first.results.map((result) => [result.account, result]));
      for (const account of expandTargets(plan)) {
        expect(accounts.has(account.ref.id)).toBe(true);
        const current = await store.read(account.ref.id, 'CURRENT');
        expect(emulator.state.checkPassword(emulatorAccount(account.ref), current!.password!), account.ref.id).toBe(
          true,
        );
        expect((await store.read(account.ref.id, 'PREVIOUS'))?.password).toBeDefined();
        expect(await store.read(account.ref.id, 'PENDING')).toBeUndefined();
      }
    });
  });
}
