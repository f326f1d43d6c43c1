import { randomBytes } from 'node:crypto';
import { chmod, lstat, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { checkEndpoint } from '@dbpass/core/guards';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { printableIo } from '../printable.js';
import { reportError } from '../report-error.js';
import { UsageError } from '../usage-error.js';

export interface InitCommandOptions {
  readonly plan: string;
  readonly json: boolean;
  /** The emulator's address: every connection's `endpoint:`. */
  readonly endpoint: string;
  readonly force: boolean;
}

/** The default plan file: `dbpass init` then needs no `--plan` in the steps it prints. */
const DEFAULT_PLAN = 'dbpass.yaml';
const KEY_FILE = 'dbpass.key';
const STORE_FILE = 'dbpass.store';

/**
 * The emulator's fixed, public seed (packages/emulator/src/seed.ts, printed by `dbpass-emulator`): the CLI does not
 * depend on the emulator, so they are repeated here, and the init test checks them against the seed.
 */
export const EMULATOR_SEED = {
  huaweiProjectId: '0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b',
  taurusdbInstanceId: '6f0d8b1c2a3e4f5061728394a5b6c7d8in07',
  dbUsers: [
    { name: 'app_user', host: '%' },
    { name: 'report_user', host: '10.10.10.%' },
  ],
  starrocksInstanceId: '7a1e9c2d3b4f5a6071829304b5c6d7e8in16',
  starrocksUser: 'sr_analyst',
  clickhouseInstanceId: '8b2fa03e4c5d6b7182930415c6d7e8f9in16',
  clickhouseUser: 'ch_analyst',
  oceanbaseProjectId: 'li15c8s987d2arse12345678',
  oceanbaseInstanceId: 'obcluster-demo01',
  oceanbaseTenantId: 't4demo0001',
  oceanbaseUser: 'app_user',
  /** Every seeded account's password, before the first rotation. */
  initialPassword: 'Initial_Passw0rd',
} as const;

const API_ONLY = 'verify: { by: api, reason: "the in-memory emulator has no database to log in to" }';

/** The starter plan: every account the emulator seeds, each field a plan needs, credentials by variable NAME. */
export function starterPlan(endpoint: string): string {
  const s = EMULATOR_SEED;
  const users = s.dbUsers.map((u) =>
    u.host === '%' ? `{ user: ${u.name} }` : `{ user: ${u.name}, host: "${u.host}" }`,
  );
  return `# dbpass starter plan for the local emulator (dbpass-emulator), written by \`dbpass init\`. The ids below are the
# emulator's fixed, public seed values. For a real cloud: replace each endpoint: with region: (huawei: cn-north-4,
# ...; oceanbase: intl or cn) and the ids with yours. Credentials are always environment variable NAMES.
version: 1
store: { file: ./${STORE_FILE}, keyFile: ./${KEY_FILE} }   # encrypted; ${KEY_FILE} (mode 0600) is its key: keep it
audit: ./dbpass-audit.jsonl                               # one JSON line per step, never a secret
period: 30d                                               # rotate --due rotates what is older than this
connections:
  # endpoint: the API host every call of the connection goes to (dbpass plan prints it)
  hw: { cloud: huawei, endpoint: ${endpoint}, projectId: ${s.huaweiProjectId}, credentials: { accessKeyEnv: HW_AK, secretKeyEnv: HW_SK } }
  ob: { cloud: oceanbase, endpoint: ${endpoint}, projectId: ${s.oceanbaseProjectId}, credentials: { accessKeyIdEnv: OB_AK, accessKeySecretEnv: OB_SK } }
# Every target is verified by the API's answer: in memory there is no database to log in to. Against real
# databases, prove each password by logging in instead (needs the MySQL driver: npm i -g mysql2):
#   verify: { by: login, address: "taurus.internal:3306", tls: { mode: verify-full, caFile: ./ca.pem } }
targets:
  - name: taurus-root
    kind: taurusdb-root
    connection: hw
    instanceId: ${s.taurusdbInstanceId}
    ${API_ONLY}
  - name: taurus-users
    kind: taurusdb-db-users
    connection: hw
    instanceId: ${s.taurusdbInstanceId}
    users: [${users.join(', ')}]
    ${API_ONLY}
  - name: starrocks
    kind: starrocks
    connection: hw
    instanceId: ${s.starrocksInstanceId}
    user: ${s.starrocksUser}
    ${API_ONLY}
  - name: clickhouse
    kind: clickhouse
    connection: hw
    instanceId: ${s.clickhouseInstanceId}
    user: ${s.clickhouseUser}
    ${API_ONLY}
  - name: oceanbase
    kind: oceanbase-tenant-user
    connection: ob
    instanceId: ${s.oceanbaseInstanceId}
    tenantId: ${s.oceanbaseTenantId}
    user: ${s.oceanbaseUser}
    ${API_ONLY}
`;
}

const exists = (file: string) =>
  lstat(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw new UsageError(`${file} cannot be read (${error.code ?? error.name}); nothing was written`);
    },
  );

/** The endpoint as the clients will take it: https, or http to a loopback address (the emulator). */
function emulatorEndpoint(endpoint: string): string {
  try {
    return checkEndpoint(endpoint).origin;
  } catch (error) {
    throw new UsageError(`--endpoint ${endpoint}: ${(error as Error).message}; nothing was written`);
  }
}

/**
 * Writes `text` to `file` with `mode`: created exclusively, or with `replace` through a temporary file renamed over
 * it (the file then never holds half of either, and takes the mode whatever the old one had).
 */
async function writeNew(file: string, text: string, mode: number, replace: boolean): Promise<void> {
  const target = replace ? `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp` : file;
  const handle = await open(target, 'wx', mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  // The process's umask may have taken bits from `mode`, never added any: set it exactly.
  await chmod(target, mode);
  if (replace)
    await rename(target, file).catch(async (error: unknown) =>
      rm(target, { force: true }).then(() => Promise.reject(error)),
    );
}

const writeProblem = (file: string, error: NodeJS.ErrnoException) =>
  new UsageError(
    error.code === 'ENOENT'
      ? `${file} cannot be written: its folder does not exist`
      : `${file} cannot be written (${error.code ?? error.name}: ${error.message.split('\n')[0]})`,
  );

/**
 * `dbpass init`: a starter plan for the local emulator and a new store key beside it (mode 0600). Existing files are
 * left alone unless `--force`; what was written, and the next steps, are printed.
 */
export async function initCommand(options: InitCommandOptions, terminal: CliIo): Promise<number> {
  const io = printableIo(terminal, options.json);
  try {
    const endpoint = emulatorEndpoint(options.endpoint);
    const folder = path.dirname(options.plan);
    const keyFile = path.join(folder, KEY_FILE);
    const storeFile = path.join(folder, STORE_FILE);
    const present = [];
    for (const file of [options.plan, keyFile]) if (await exists(file)) present.push(file);
    const store = await exists(storeFile);
    if (!options.force && (present.length > 0 || store))
      throw new UsageError(
        `${[...present, ...(store ? [storeFile] : [])].join(' and ')} exist${present.length + Number(store) === 1 ? 's' : ''} already; nothing was written. ` +
          'dbpass init --force replaces the plan and the store key (a store encrypted with the old key can then no longer be read)',
      );
    const key = randomBytes(32).toString('base64');
    await writeNew(options.plan, starterPlan(endpoint), 0o644, options.force).catch((error) => {
      throw writeProblem(options.plan, error);
    });
    await writeNew(keyFile, `${key}\n`, 0o600, options.force).catch((error) => {
      throw writeProblem(keyFile, error);
    });
    const written = [
      {
        file: options.plan,
        mode: '0644',
        what: `the plan: the emulator's accounts, each connection calling ${endpoint}`,
      },
      {
        file: keyFile,
        mode: '0600',
        what: 'the store key, 32 random bytes (base64): the store cannot be read without it',
      },
    ];
    const planFlag = options.plan === DEFAULT_PLAN ? '' : ` --plan ${options.plan}`;
    const next = [
      `dbpass${planFlag} plan`,
      `echo ${EMULATOR_SEED.initialPassword} | dbpass${planFlag} adopt --trust --from-stdin`,
      `dbpass${planFlag} rotate`,
      `dbpass${planFlag} status`,
    ];
    const warnings = store
      ? [
          `${storeFile} was encrypted with the earlier key and can no longer be read: remove it and ${storeFile}.seen to start over`,
        ]
      : [];
    if (options.json) io.stdout(`${JSON.stringify({ type: 'init', endpoint, written, next, warnings })}\n`);
    else {
      for (const { file, mode, what } of written) io.stdout(`wrote ${file} (mode ${mode}): ${what}\n`);
      io.stdout(
        `next, with dbpass-emulator running at ${endpoint} and the credentials it prints exported (HW_AK, HW_SK, OB_AK, OB_SK):\n${next.map((line) => `  ${line}\n`).join('')}`,
      );
    }
    for (const warning of warnings) io.stderr(`dbpass: warning: ${warning}\n`);
    return EXIT_CODES.ok;
  } catch (error) {
    return reportError(error, io, options.json);
  }
}
