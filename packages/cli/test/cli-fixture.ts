import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type Emulator, type EmulatorOptions } from '@dbpass/emulator';
import { expandTargets, loadPlan, openPlanStore, type AccountRef, type SecretStore } from '@dbpass/rotate';
import { growFleet, SEEDED_FLEET, type FleetShape } from '../../rotate/test/emulator-fleet.js';
import { fleetEnv, fleetPlanYaml } from '../../rotate/test/fleet-plan.js';
import { emulatorAccount } from '../../rotate/test/stand-in-login-checker.js';
import { runCli, type CliRun } from './run-cli.js';
import { startStandInLoginServer } from './stand-in-login-server.js';

const STAND_IN_MODULE = fileURLToPath(new URL('./stand-in-login-checker.mjs', import.meta.url));

/** An emulator with a fleet, a plan file for it, the stand-in verifier, and `dbpass` to run against them. */
export interface CliFixture {
  readonly emulator: Emulator;
  readonly planFile: string;
  readonly storeFile: string;
  readonly auditFile: string;
  readonly env: Record<string, string>;
  readonly accounts: readonly AccountRef[];
  dbpass(args: readonly string[], extraEnv?: Record<string, string>, options?: { killAfterMs?: number }): Promise<CliRun>;
  /** The plan's store, opened as `dbpass` opens it. */
  openStore(): Promise<SecretStore>;
  /** Whether `password` is the account's password on the emulator now. */
  works(account: AccountRef, password: string | undefined): boolean;
  stop(): Promise<void>;
}

/** A store other than the default file store: the plan's `store:` (YAML flow text) and the environment it reads. */
export interface FixtureStore {
  readonly store: string;
  readonly env: Record<string, string>;
}

export async function cliFixture(shape: FleetShape = SEEDED_FLEET, options: EmulatorOptions = {}, store?: FixtureStore): Promise<CliFixture> {
  const emulator = await startEmulator({ jobVisibleAfterMs: 20, jobDurationMs: 80, ...options });
  const fleet = growFleet(emulator, shape);
  const login = await startStandInLoginServer(emulator);
  const dir = await mkdtemp(path.join(tmpdir(), 'dbpass-cli-'));
  const storeFile = path.join(dir, 'store.dbpass');
  const auditFile = path.join(dir, 'audit.jsonl');
  const planFile = path.join(dir, 'dbpass.yaml');
  await writeFile(planFile, fleetPlanYaml(fleet, { emulatorUrl: emulator.url, storeFile, auditFile, verifierModule: STAND_IN_MODULE, ...(store ? { store: store.store } : {}) }));
  const env = { ...fleetEnv(randomBytes(32).toString('base64')), DBPASS_STAND_IN_LOGIN_URL: login.url, ...store?.env };
  const plan = await loadPlan(planFile);
  const accounts = expandTargets(plan).map((account) => account.ref);
  return {
    emulator,
    planFile,
    storeFile,
    auditFile,
    env,
    accounts,
    dbpass: (args, extraEnv = {}, options = {}) => runCli(['--plan', planFile, ...args], { ...env, ...extraEnv }, options),
    openStore: () => openPlanStore(plan, { env }),
    works: (account, password) => password !== undefined && emulator.state.checkPassword(emulatorAccount(account), password),
    stop: async () => {
      await login.stop();
      await emulator.stop();
    },
  };
}
