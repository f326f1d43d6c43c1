// The fleet's rotation plan: 1,000 accounts of every kind on the emulator's seeded instances and its extra fleet,
// with a rate limit per cloud, verified as `verifyFor(instanceKey)` says (by API, or by login at an engine).
import { fleetAccounts, seed } from '@dbpass/emulator';

export const SIZE = {
  taurusInstances: 20,
  usersPerInstance: 40,
  starrocksUsers: 60,
  clickhouseUsers: 60,
  oceanbaseUsers: 80,
};
export const RATE = { huawei: 50, oceanbase: 50 };
export const JOB = { visibleAfterMs: 300, durationMs: 3_000, pollIntervalMs: 500 };
export const CONCURRENCY = 64;

const h = seed.huawei;
const o = seed.oceanbase;

/** The plan's YAML; `verifyFor` gets the instance key of the engine behind a target (as the emulator names it). */
export function fleetPlanYaml(url, verifyFor) {
  const fleet = fleetAccounts(SIZE);
  const oceanbaseKey = `oceanbase/${o.instanceId}/${o.tenantId}`;
  const single = (user, kind, instanceId, extra, key) =>
    `  - { name: ${user.replace(/_/g, '-')}, kind: ${kind}, connection: ${kind === 'oceanbase-tenant-user' ? 'ob' : 'hw'}, instanceId: ${instanceId}, user: ${user}${extra}, ${verifyFor(key)} }`;
  const lines = [
    'version: 1',
    'store: { file: store.dbpass, keyEnv: KEY }',
    `concurrency: ${CONCURRENCY}`,
    `jobs: { pollIntervalMs: ${JOB.pollIntervalMs} }`,
    'connections:',
    `  hw: { cloud: huawei, endpoint: "${url}", projectId: ${h.projectId}, credentials: { accessKeyEnv: AK, secretKeyEnv: SK }, requestsPerSecond: ${RATE.huawei} }`,
    `  ob: { cloud: oceanbase, endpoint: "${url}", projectId: ${o.projectId}, credentials: { accessKeyIdEnv: OBAK, accessKeySecretEnv: OBSK }, requestsPerSecond: ${RATE.oceanbase} }`,
    'targets:',
    ...fleet.taurusdb.flatMap((instance) => [
      `  - name: ${instance.name}\n    kind: taurusdb-db-users\n    connection: hw\n    instanceId: ${instance.id}\n    ${verifyFor(instance.id)}\n    users:`,
      ...instance.users.map((user) => `      - { user: ${user.name} }`),
    ]),
    ...fleet.starrocksUsers.map((user) =>
      single(user, 'starrocks', h.instances.starrocks.id, '', h.instances.starrocks.id),
    ),
    ...fleet.clickhouseUsers.map((user) =>
      single(user, 'clickhouse', h.instances.clickhouse.id, '', h.instances.clickhouse.id),
    ),
    ...fleet.oceanbaseUsers.map((user) =>
      single(user, 'oceanbase-tenant-user', o.instanceId, `, tenantId: ${o.tenantId}`, oceanbaseKey),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** The variables the plan names. */
export const fleetEnv = (key) => ({ KEY: key, AK: h.ak, SK: h.sk, OBAK: o.accessKeyId, OBSK: o.accessKeySecret });
