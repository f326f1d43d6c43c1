// The main job: start the emulator, change or reset a password through each of the five endpoints with the
// generated clients and each cloud's real auth, wait for the database-user job, verify every new password
// at the emulator, print a summary. Exits non-zero if anything fails.
//   DBPASS_DEMO_AUTH=token  uses an IAM token (from the emulator's IAM) instead of AK/SK for Huawei.
import { performance } from 'node:perf_hooks';
import { oceanbaseDigest, createOceanBaseClient, passwordPolicies as obPolicies } from '@dbpass/client-oceanbase';
import { akSk, createTaurusDbClient, generatePassword, iamToken, passwordPolicies, waitForJob, DbpassError } from '@dbpass/client-taurusdb';
import { seed, startEmulator, type AccountRef } from '@dbpass/emulator';

interface Row {
  operation: string;
  target: string;
  outcome: string;
  ms: number;
  verified: boolean;
}

const emulator = await startEmulator({ jobVisibleAfterMs: 300, jobDurationMs: 1_200 });
const rows: Row[] = [];
let failed = false;

async function step(operation: string, target: string, account: AccountRef, password: string, run: () => Promise<string>): Promise<void> {
  const started = performance.now();
  try {
    const outcome = await run();
    const verified = emulator.state.checkPassword(account, password);
    rows.push({ operation, target, outcome, ms: performance.now() - started, verified });
    if (!verified) failed = true;
  } catch (error) {
    failed = true;
    const message = error instanceof DbpassError ? `${error.name}: ${error.message}` : String(error);
    rows.push({ operation, target, outcome: `FAILED ${message}`, ms: performance.now() - started, verified: false });
  }
}

try {
  const h = seed.huawei;
  const useToken = process.env['DBPASS_DEMO_AUTH'] === 'token';
  const taurus = createTaurusDbClient({
    endpoint: emulator.url,
    projectId: h.projectId,
    auth: useToken
      ? iamToken({ userName: h.iamUser.name, password: h.iamUser.password, domainName: h.domainName, iamEndpoint: emulator.url })
      : akSk({ ak: h.ak, sk: h.sk }),
  });
  const o = seed.oceanbase;
  const oceanbase = createOceanBaseClient({
    endpoint: emulator.url,
    projectId: o.projectId,
    auth: oceanbaseDigest({ accessKeyId: o.accessKeyId, accessKeySecret: o.accessKeySecret }),
  });
  console.log(`dbpass demo against the emulator at ${emulator.url} (Huawei auth: ${useToken ? 'IAM token' : 'AK/SK'}; OceanBase auth: Digest)\n`);

  const root = generatePassword(passwordPolicies.ResetGaussMySqlPassword.password);
  await step('ResetGaussMySqlPassword', `${h.instances.taurusdb.id} root`, { cloud: 'huawei', instanceId: h.instances.taurusdb.id }, root.password, async () => {
    await taurus.resetGaussMySqlPassword({ instance_id: h.instances.taurusdb.id, body: { password: root.password } });
    return `reset (${root.entropyBits.toFixed(0)}-bit password)`;
  });

  const dbPolicy = passwordPolicies.ResetGaussMySqlDatabasePassword['users[].password'];
  const users = h.dbUsers.map((user) => ({ ...user, password: generatePassword(dbPolicy, { userName: user.name }).password }));
  const [firstUser] = users;
  await step('ResetGaussMySqlDatabasePassword', `${users.length} users (${users.map((user) => `${user.name}@${user.host}`).join(', ')})`, { cloud: 'huawei', instanceId: h.instances.taurusdb.id, userName: firstUser!.name, host: firstUser!.host }, firstUser!.password, async () => {
    const { job_id } = await taurus.resetGaussMySqlDatabasePassword({ instance_id: h.instances.taurusdb.id, body: { users } });
    const seen: string[] = [];
    const job = await waitForJob(taurus, job_id, { intervalMs: 200, timeoutMs: 30_000, onProgress: (info) => seen.push(info.process ? `${info.status} ${info.process}` : info.status) });
    for (const user of users.slice(1)) {
      if (!emulator.state.checkPassword({ cloud: 'huawei', instanceId: h.instances.taurusdb.id, userName: user.name, host: user.host }, user.password)) throw new Error(`${user.name}: password not changed`);
    }
    return `job ${job.id.slice(0, 8)}… ${[...new Set(seen)].join(' -> ')}`;
  });

  const starrocksUser = h.starrocksUsers[0];
  const starrocks = generatePassword(passwordPolicies.UpdateStarRocksDatabaseUserPassword.password, { userName: starrocksUser });
  await step('UpdateStarRocksDatabaseUserPassword', `${h.instances.starrocks.id} ${starrocksUser}`, { cloud: 'huawei', instanceId: h.instances.starrocks.id, userName: starrocksUser }, starrocks.password, async () => {
    const { result } = await taurus.updateStarRocksDatabaseUserPassword({ instance_id: h.instances.starrocks.id, body: { user_name: starrocksUser, password: starrocks.password } });
    return `result ${result}`;
  });

  const clickhouseUser = h.clickhouseUsers[0];
  const clickhouse = generatePassword(passwordPolicies.UpdateClickHouseDatabaseUserPassword.password, { userName: clickhouseUser });
  await step('UpdateClickHouseDatabaseUserPassword', `${h.instances.clickhouse.id} ${clickhouseUser}`, { cloud: 'huawei', instanceId: h.instances.clickhouse.id, userName: clickhouseUser }, clickhouse.password, async () => {
    const { result } = await taurus.updateClickHouseDatabaseUserPassword({ instance_id: h.instances.clickhouse.id, body: { user_name: clickhouseUser, password: clickhouse.password } });
    return `result ${result}`;
  });

  const obUser = o.users[0];
  const tenantPassword = generatePassword(obPolicies.ModifyTenantUserPassword.userPassword, { userName: obUser });
  await step('ModifyTenantUserPassword', `${o.instanceId}/${o.tenantId}/${obUser}`, { cloud: 'oceanbase', instanceId: o.instanceId, tenantId: o.tenantId, userName: obUser }, tenantPassword.password, async () => {
    const response = await oceanbase.modifyTenantUserPassword({ instanceId: o.instanceId, tenantId: o.tenantId, userName: obUser, body: { userPassword: tenantPassword.password } });
    return `success ${response.success} (request ${String(response.requestId).slice(0, 8)}…)`;
  });
} finally {
  await emulator.stop();
}

const width = Math.max(...rows.map((row) => row.operation.length));
for (const row of rows) {
  console.log(`${row.verified ? 'ok  ' : 'FAIL'} ${row.operation.padEnd(width)}  ${row.ms.toFixed(0).padStart(5)} ms  ${row.target}\n     ${' '.repeat(width)}            ${row.outcome}${row.verified ? ', new password verified at the emulator' : ''}`);
}
const passed = rows.filter((row) => row.verified).length;
console.log(`\n${passed}/5 operations succeeded over HTTP (${emulator.requests.length} requests to the emulator); passwords are generated per policy and never printed.`);
process.exitCode = failed || passed !== 5 ? 1 : 0;
