import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Emulator, type EmulatorOptions, type FleetSize, startEmulator } from '@dbpass/emulator';
import { type AccountRef, expandTargets, loadPlan, openPlanStore, type SecretStore } from '@dbpass/rotate';
import { loginTargetFor } from '@dbpass/rotate/verify';
import * as verify from '@dbpass/verify';
import { fleetTargetsOf } from '../../rotate/test/emulator-fleet.js';
import { fleetEnv, fleetPlanYaml } from '../../rotate/test/fleet-plan.js';
import { type CliRun, type CliRunOptions, runCli, runProgram } from './run-cli.js';

/** The emulator on real engines with a fleet, a plan verified by logging in to them, and `dbpass` to run. */
export interface CliFixture {
  readonly emulator: Emulator;
  readonly planFile: string;
  readonly storeFile: string;
  readonly auditFile: string;
  readonly env: Record<string, string>;
  readonly accounts: readonly AccountRef[];
  dbpass(args: readonly string[], extraEnv?: Record<string, string>, options?: CliRunOptions): Promise<CliRun>;
  /** The plan's store, opened as `dbpass` opens it. */
  openStore(): Promise<SecretStore>;
  /** Whether `password` logs in to the account's engine now (through the product's verifier: fast). */
  works(account: AccountRef, password: string | undefined): Promise<boolean>;
  /**
   * The same, judged by clients nobody here wrote: the `mariadb` command-line client, curl to ClickHouse's HTTP
   * interface (Basic auth). A host-restricted user, which only the twin's PROXY protocol reaches from here, is
   * the one left to the product's verifier (no stock client sends PROXY headers).
   */
  worksForStockClients(account: AccountRef, password: string | undefined): Promise<boolean>;
  stop(): Promise<void>;
}

/** A store other than the default file store: the plan's `store:` (YAML flow text) and the environment it reads. */
export interface FixtureStore {
  readonly store: string;
  readonly env: Record<string, string>;
}

/**
 * The plan's `verify:` for an instance: its engine's address. Where a user is host-restricted, logins claim an
 * address of its network through the PROXY protocol (the twin trusts it), which `%` users match too.
 */
const verifyAt = (emulator: Emulator) => (instanceKey: string, restrictedHost?: string) => {
  const address = emulator.engines.addresses.get(instanceKey);
  if (!address) throw new Error(`no engine behind ${instanceKey}`);
  const proxy = restrictedHost ? `, proxySource: ${restrictedHost.replace(/%/g, '5')}` : '';
  return `verify: { by: login, address: "127.0.0.1:${address.port}"${proxy} }`;
};

async function fixtureWorks(emulator: Emulator, account: AccountRef, password: string | undefined): Promise<boolean> {
  if (password === undefined) return false;
  if (!account.login)
    return emulator.state.checkPassword(
      { cloud: 'huawei', instanceId: account.instanceId, userName: account.userName },
      password,
    );
  return (await verify.tryLogin(await loginTargetFor(verify, account), password)) === 'accepted';
}

/**
 * One login with the `mariadb` client (the password in MYSQL_PWD) or curl (Basic auth, the credentials in a config
 * read from stdin): never on a command line.
 */
async function stockClientLogin(target: verify.LoginTarget, password: string): Promise<boolean> {
  if (target.protocol === 'clickhouse-http') {
    const quoted = `${target.user}:${password}`.replace(/["\\]/g, '\\$&');
    const { stdout } = await runProgram(
      'curl',
      ['-s', '-w', '\n%{http_code}', '--config', '-', `http://${target.host}:${target.port}/?query=SELECT%201`],
      { input: `user = "${quoted}"\n` },
    );
    const status = stdout.slice(stdout.lastIndexOf('\n') + 1);
    if (status === '200') return true;
    // ClickHouse refuses with 401/403, or (older servers) an error code in the body: 192 unknown user, 193 wrong password, 516.
    if (status === '401' || status === '403' || /^Code: (192|193|516)\b/m.test(stdout)) return false;
    throw new Error(`curl could not tell (HTTP ${status || 'no answer'})`);
  }
  const { code, stderr } = await runProgram(
    'mariadb',
    ['--no-defaults', '-h', target.host, '-P', String(target.port), '-u', target.user, '--skip-ssl', '-e', 'SELECT 1'],
    { env: { PATH: process.env.PATH ?? '', MYSQL_PWD: password } },
  );
  if (code === 0) return true;
  if (/ERROR 1045|Access denied/.test(stderr)) return false;
  throw new Error(`the mariadb client could not tell (${stderr.trim().split('\n')[0]})`);
}

export async function cliFixture(
  fleet: FleetSize = {},
  options: EmulatorOptions = {},
  settings: { store?: FixtureStore; leaseMs?: number; strategy?: 'single' | 'alternating' } = {},
): Promise<CliFixture> {
  const emulator = await startEmulator({
    jobVisibleAfterMs: 20,
    jobDurationMs: 80,
    engines: 'real',
    fleet,
    ...options,
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'dbpass-cli-'));
  const storeFile = path.join(dir, 'store.dbpass');
  const auditFile = path.join(dir, 'audit.jsonl');
  const planFile = path.join(dir, 'dbpass.yaml');
  await writeFile(
    planFile,
    fleetPlanYaml(fleetTargetsOf(fleet), {
      emulatorUrl: emulator.url,
      storeFile,
      auditFile,
      verifyFor: verifyAt(emulator),
      ...(settings.store ? { store: settings.store.store } : {}),
      ...(settings.leaseMs ? { leaseMs: settings.leaseMs } : {}),
      ...(settings.strategy ? { strategy: settings.strategy } : {}),
    }),
  );
  const env = { ...fleetEnv(randomBytes(32).toString('base64')), ...settings.store?.env };
  const plan = await loadPlan(planFile);
  const accounts = expandTargets(plan).map((account) => account.ref);
  return {
    emulator,
    planFile,
    storeFile,
    auditFile,
    env,
    accounts,
    dbpass: (args, extraEnv = {}, runOptions = {}) =>
      runCli(['--plan', planFile, ...args], { ...env, ...extraEnv }, runOptions),
    openStore: () => openPlanStore(plan, { env }),
    works: (account, password) => fixtureWorks(emulator, account, password),
    worksForStockClients: async (account, password) => {
      if (password === undefined) return false;
      const target = account.login ? await loginTargetFor(verify, account) : undefined;
      if (!target || (target.protocol === 'mysql' && target.proxySource))
        return fixtureWorks(emulator, account, password);
      return stockClientLogin(target, password);
    },
    stop: () => emulator.stop(),
  };
}
