import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Emulator } from '@dbpass/emulator';
import {
  expandTargets,
  FileStore,
  type FileStoreSpec,
  type LoginChecker,
  type Plan,
  parsePlan,
  type RotateOptions,
  rotate,
  type Stage,
} from '../src/index.js';
import { type FleetShape, type FleetTargets, growFleet, SEEDED_FLEET } from './emulator-fleet.js';
import { fleetEnv, fleetPlanYaml } from './fleet-plan.js';
import { emulatorAccount, standInLoginChecker } from './stand-in-login-checker.js';

/** A fleet on the emulator, its plan, a fresh file store and the stand-in verifier: what the library tests run. */
export interface RotateHarness {
  readonly plan: Plan;
  readonly store: FileStore;
  readonly env: Record<string, string>;
  readonly checker: LoginChecker & { logins: number };
  readonly fleet: FleetTargets;
  readonly dir: string;
  run(options?: Partial<RotateOptions>): ReturnType<typeof rotate>;
  /** Stores a PENDING as a run killed right after creating it would have left it. */
  leavePending(accountId: string, password: string, versionId: string): Promise<void>;
  /** Whether the store's version at `stage` is the account's password on the emulator now. */
  storedPasswordWorks(accountId: string, stage?: Stage): Promise<boolean>;
}

export async function rotateHarness(
  emulator: Emulator,
  shape: FleetShape = SEEDED_FLEET,
  options: { readonly strategy?: 'single' | 'alternating' } = {},
): Promise<RotateHarness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dbpass-rotate-'));
  const fleet = growFleet(emulator, shape);
  const plan = parsePlan(
    fleetPlanYaml(fleet, { emulatorUrl: emulator.url, storeFile: path.join(dir, 'store.dbpass'), ...options }),
    'test plan',
    dir,
  );
  const env = fleetEnv(randomBytes(32).toString('base64'));
  const store = await FileStore.open({
    path: (plan.store as FileStoreSpec).file,
    key: { env: 'DBPASS_STORE_KEY' },
    env,
  });
  const checker = standInLoginChecker(emulator);
  const accounts = new Map(expandTargets(plan).map((account) => [account.ref.id, account.ref]));
  return {
    plan,
    store,
    env,
    checker,
    fleet,
    dir,
    // The harness's accounts start where the store holds nothing: their first rotation is a reset (--init).
    run: (options = {}) =>
      rotate({ plan, store, checker, env, loginRetryDelaysMs: [20], setRetryDelaysMs: [10], init: true, ...options }),
    leavePending: async (accountId, password, versionId) => {
      const lock = await store.lock();
      await store.putPending(accountId, password, versionId);
      await lock.release();
    },
    storedPasswordWorks: async (accountId, stage = 'CURRENT') => {
      const version = await store.read(accountId, stage);
      return (
        version?.password !== undefined &&
        emulator.state.checkPassword(emulatorAccount(accounts.get(accountId)!), version.password)
      );
    },
  };
}
