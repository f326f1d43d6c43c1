// Downtime: refused logins per rotation, `single` against `alternating`, on the twin's real engines. An application
// per account kind (./downtime/application.mjs) rereads CURRENT from the store every REREAD_MS, as a mounted Secret
// or a cached AWS secret would, and opens a new connection every 20 ms; ROTATIONS rotations per kind run under it,
// each after the application has reread the one before. Prints one JSON object on stdout.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { instanceKey, seed, startEmulator } from '@dbpass/emulator';
import { adopt, FileStore, parsePlan, rotate } from '@dbpass/rotate';
import { createVerifyLoginChecker } from '@dbpass/rotate/verify';
import { startApplication } from './downtime/application.mjs';

const ROTATIONS = Number(process.env.DBPASS_BENCH_ROTATIONS ?? 20);
const REREAD_MS = Number(process.env.DBPASS_BENCH_REREAD_MS ?? 1_000);
const CONNECT_EVERY_MS = 20;
const h = seed.huawei;
const o = seed.oceanbase;

const emulator = await startEmulator({ engines: 'real', jobVisibleAfterMs: 20, jobDurationMs: 100 });
const dir = mkdtempSync(path.join(tmpdir(), 'dbpass-bench-downtime-'));
const env = {
  KEY: randomBytes(32).toString('base64'),
  AK: h.ak,
  SK: h.sk,
  OBAK: o.accessKeyId,
  OBSK: o.accessKeySecret,
};
const addressOf = (key) => emulator.engines.addresses.get(key);
const KINDS = [
  {
    kind: 'taurusdb-db-user',
    target: 'app-db',
    line: `kind: taurusdb-db-user, connection: hw, instanceId: ${h.instances.taurusdb.id}, user: app_user`,
    address: addressOf(h.instances.taurusdb.id),
  },
  {
    kind: 'starrocks',
    target: 'starrocks',
    line: `kind: starrocks, connection: hw, instanceId: ${h.instances.starrocks.id}, user: sr_analyst`,
    address: addressOf(h.instances.starrocks.id),
  },
  {
    kind: 'clickhouse',
    target: 'clickhouse',
    line: `kind: clickhouse, connection: hw, instanceId: ${h.instances.clickhouse.id}, user: ch_analyst`,
    address: addressOf(h.instances.clickhouse.id),
  },
  {
    kind: 'oceanbase-tenant-user',
    target: 'oceanbase',
    line: `kind: oceanbase-tenant-user, connection: ob, instanceId: ${o.instanceId}, tenantId: ${o.tenantId}, user: app_user`,
    address: addressOf(
      instanceKey({ cloud: 'oceanbase', instanceId: o.instanceId, tenantId: o.tenantId, userName: 'app_user' }),
    ),
  },
];
const USERS = { 'app-db': 'app_user', starrocks: 'sr_analyst', clickhouse: 'ch_analyst', oceanbase: 'app_user' };

const planFor = (strategy) =>
  parsePlan(
    [
      'version: 1',
      'store: { file: store.dbpass, keyEnv: KEY }',
      'jobs: { pollIntervalMs: 50 }',
      'connections:',
      `  hw: { cloud: huawei, endpoint: "${emulator.url}", projectId: ${h.projectId}, credentials: { accessKeyEnv: AK, secretKeyEnv: SK } }`,
      `  ob: { cloud: oceanbase, endpoint: "${emulator.url}", projectId: ${o.projectId}, credentials: { accessKeyIdEnv: OBAK, accessKeySecretEnv: OBSK } }`,
      'targets:',
      ...KINDS.map(
        ({ target, line, address }) =>
          `  - { name: ${target}, ${line}, strategy: ${strategy}, verify: { by: login, address: "127.0.0.1:${address.port}" } }`,
      ),
      '',
    ].join('\n'),
    'downtime plan',
    dir,
  );

const waitFor = async (condition) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

const result = { rotations: ROTATIONS, rereadMs: REREAD_MS, connectEveryMs: CONNECT_EVERY_MS, kinds: {} };
try {
  const storePath = path.join(dir, 'store.dbpass');
  const store = await FileStore.open({ path: storePath, key: { env: 'KEY' }, env });
  const checker = await createVerifyLoginChecker();
  await adopt({ plan: planFor('single'), store, checker, env, password: seed.initialPassword });
  // The application reads the store as its own process would: the file, opened afresh at each reread.
  const readCurrent = (target) => async () => {
    const reader = await FileStore.open({ path: storePath, key: { env: 'KEY' }, env });
    const version = await reader.read(target, 'CURRENT');
    return { username: version.username ?? USERS[target], password: version.password };
  };
  for (const strategy of ['single', 'alternating']) {
    const plan = planFor(strategy);
    for (const { kind, target, address } of KINDS) {
      const application = startApplication({
        address,
        readCurrent: readCurrent(target),
        rereadMs: REREAD_MS,
        connectEveryMs: CONNECT_EVERY_MS,
      });
      await application.ready;
      let failed = 0;
      for (let index = 0; index < ROTATIONS; index++) {
        const summary = await rotate({ plan, store, checker, env, only: [target] });
        failed += summary.counts.failed + summary.counts['needs-attention'];
        const rereads = application.counts.rereads;
        // Two rereads: one that started before the promotion may still bring the old CURRENT.
        await waitFor(() => application.counts.rereads >= rereads + 2);
      }
      const counts = await application.stop();
      result.kinds[kind] ??= {};
      result.kinds[kind][strategy] = { ...counts, failed, refusedPerRotation: counts.refused / ROTATIONS };
      process.stderr.write(` ${kind}/${strategy}: ${counts.refused} refused of ${counts.logins}`);
    }
  }
} finally {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
