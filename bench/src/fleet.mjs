// Fleet: 1,000 accounts rotated by @dbpass/rotate against the emulator (memory mode) with a rate limit per cloud
// and a job duration, against the lower bound those two imply; API calls per account; and the CLI's cold start
// against `node -e 0`. Logins come from a stand-in that asks the emulator's state (1,000 accounts on real
// engines would take 20 MariaDB servers): this measures the scheduler, store and clients, not the engines.
// Prints one JSON object on stdout.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fleetAccounts, seed, startEmulator } from '@dbpass/emulator';
import { FileStore, parsePlan, rotate } from '@dbpass/rotate';

const SIZE = { taurusInstances: 20, usersPerInstance: 40, starrocksUsers: 60, clickhouseUsers: 60, oceanbaseUsers: 80 };
const RATE = { huawei: 50, oceanbase: 50 };
const JOB = { visibleAfterMs: 300, durationMs: 3_000, pollIntervalMs: 500 };
const h = seed.huawei;
const o = seed.oceanbase;

const fleet = fleetAccounts(SIZE);
const emulator = await startEmulator({
  fleet: SIZE,
  jobVisibleAfterMs: JOB.visibleAfterMs,
  jobDurationMs: JOB.durationMs,
});
const dir = mkdtempSync(path.join(tmpdir(), 'dbpass-bench-fleet-'));
try {
  const login = 'verify: { by: login, address: "127.0.0.1:3306" }';
  const lines = [
    'version: 1',
    'store: { file: store.dbpass, keyEnv: KEY }',
    'concurrency: 64',
    `jobs: { pollIntervalMs: ${JOB.pollIntervalMs} }`,
    'connections:',
    `  hw: { cloud: huawei, endpoint: "${emulator.url}", projectId: ${h.projectId}, credentials: { accessKeyEnv: AK, secretKeyEnv: SK }, requestsPerSecond: ${RATE.huawei} }`,
    `  ob: { cloud: oceanbase, endpoint: "${emulator.url}", projectId: ${o.projectId}, credentials: { accessKeyIdEnv: OBAK, accessKeySecretEnv: OBSK }, requestsPerSecond: ${RATE.oceanbase} }`,
    'targets:',
    ...fleet.taurusdb.flatMap((instance) => [
      `  - name: ${instance.name}\n    kind: taurusdb-db-users\n    connection: hw\n    instanceId: ${instance.id}\n    ${login}\n    users:`,
      ...instance.users.map((user) => `      - { user: ${user.name} }`),
    ]),
    ...fleet.starrocksUsers.map(
      (user) =>
        `  - { name: ${user.replace(/_/g, '-')}, kind: starrocks, connection: hw, instanceId: ${h.instances.starrocks.id}, user: ${user}, ${login} }`,
    ),
    ...fleet.clickhouseUsers.map(
      (user) =>
        `  - { name: ${user.replace(/_/g, '-')}, kind: clickhouse, connection: hw, instanceId: ${h.instances.clickhouse.id}, user: ${user}, ${login} }`,
    ),
    ...fleet.oceanbaseUsers.map(
      (user) =>
        `  - { name: ${user.replace(/_/g, '-')}, kind: oceanbase-tenant-user, connection: ob, instanceId: ${o.instanceId}, tenantId: ${o.tenantId}, user: ${user}, ${login} }`,
    ),
  ];
  const plan = parsePlan(`${lines.join('\n')}\n`, 'bench plan', dir);
  const env = {
    KEY: randomBytes(32).toString('base64'),
    AK: h.ak,
    SK: h.sk,
    OBAK: o.accessKeyId,
    OBSK: o.accessKeySecret,
  };
  const store = await FileStore.open({ path: plan.store.file, key: { env: 'KEY' }, env });
  const account = (ref) =>
    ref.cloud === 'oceanbase'
      ? { cloud: 'oceanbase', instanceId: ref.instanceId, tenantId: ref.tenantId, userName: ref.userName }
      : {
          cloud: 'huawei',
          instanceId: ref.instanceId,
          userName: ref.userName,
          ...(ref.host ? { host: ref.host } : {}),
        };
  const checker = {
    tryLogin: async (ref, password) => (emulator.state.checkPassword(account(ref), password) ? 'accepted' : 'refused'),
  };

  const started = performance.now();
  const summary = await rotate({ plan, store, env, checker, init: true });
  const wallMs = performance.now() - started;
  const accounts = summary.results.length;
  const byCloud = { huawei: 0, oceanbase: 0 };
  for (const request of emulator.requests) byCloud[request.path.startsWith('/api/') ? 'oceanbase' : 'huawei'] += 1;
  // The least a run can take: every call a cloud must answer at its rate (one job per instance, created and then
  // polled once after it ends; one call per HTAP and OceanBase account), and no less than one job's duration.
  const huaweiCalls = fleet.taurusdb.length * 2 + fleet.starrocksUsers.length + fleet.clickhouseUsers.length;
  const lowerBoundMs = Math.max(
    (huaweiCalls / RATE.huawei) * 1000,
    (fleet.oceanbaseUsers.length / RATE.oceanbase) * 1000,
    JOB.durationMs + (fleet.taurusdb.length / RATE.huawei) * 1000,
  );

  const time = (args) => {
    const runs = [];
    for (let index = 0; index < 11; index++) {
      const t0 = performance.now();
      execFileSync(process.execPath, args, { stdio: 'ignore' });
      runs.push(performance.now() - t0);
    }
    return runs.sort((a, b) => a - b)[5];
  };
  const cli = path.resolve(import.meta.dirname, '../../packages/cli/dist/dbpass.js');
  const cliMs = time([cli, '--help']);
  const nodeMs = time(['-e', '0']);
  console.log(
    JSON.stringify({
      size: SIZE,
      rate: RATE,
      job: JOB,
      accounts,
      counts: summary.counts,
      wallMs,
      lowerBoundMs,
      requests: byCloud,
      callsPerAccount: (byCloud.huawei + byCloud.oceanbase) / accounts,
      cliColdStartMs: cliMs,
      nodeColdStartMs: nodeMs,
    }),
  );
} finally {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
}
