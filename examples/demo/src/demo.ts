// The main job: start the emulator (on real engines when they are installed), change or reset a password
// through each of the five endpoints with the generated clients and each cloud's real auth, wait for the
// database-user job, prove every new password by logging in to the engine (the old one refused), or at the
// emulator in memory mode, and print a summary. Exits non-zero if anything fails.
//   DBPASS_DEMO_AUTH=token       uses an IAM token (from the emulator's IAM) instead of AK/SK for Huawei.
//   DBPASS_DEMO_ENGINES=memory   skips the real engines even when they are installed.
import { performance } from 'node:perf_hooks';
import { createOceanBaseClient, passwordPolicies as obPolicies, oceanbaseDigest } from '@dbpass/client-oceanbase';
import {
  akSk,
  createTaurusDbClient,
  DbpassError,
  generatePassword,
  iamToken,
  passwordPolicies,
  waitForJob,
} from '@dbpass/client-taurusdb';
import { type AccountRef, type Emulator, enginesAvailable, instanceKey, seed, startEmulator } from '@dbpass/emulator';
import { type LoginTarget, verifyPasswordChange } from '@dbpass/verify';
import { stagedRotation } from './staged-rotation.js';

interface Row {
  operation: string;
  target: string;
  outcome: string;
  ms: number;
  verified: boolean;
}

const engines = process.env.DBPASS_DEMO_ENGINES === 'memory' || !enginesAvailable() ? 'memory' : 'real';
const emulator = await startEmulator({ jobVisibleAfterMs: 300, jobDurationMs: 1_200, engines });
const rows: Row[] = [];
let failed = false;

/** The login that proves an account's password on the engine behind its instance. */
function loginTarget(running: Emulator, account: AccountRef): LoginTarget {
  const address = running.engines.addresses.get(instanceKey(account))!;
  const user = account.userName ?? 'root';
  // A host-restricted user logs in through the PROXY protocol, as if from its network (the twin trusts it).
  const restricted = account.cloud === 'huawei' && account.host !== undefined && account.host !== '%';
  return {
    protocol: address.protocol,
    host: address.host,
    port: address.port,
    user,
    ...(restricted ? { accountHost: account.host, proxySource: account.host!.replace(/%/g, '5') } : {}),
  } as LoginTarget;
}

/** Proves the new password: by login in real mode (the old one must be refused), at the emulator otherwise. */
async function verify(account: AccountRef, password: string): Promise<string> {
  if (engines === 'memory')
    return emulator.state.checkPassword(account, password) ? 'new password verified at the emulator' : '';
  const evidence = await verifyPasswordChange(loginTarget(emulator, account), {
    newPassword: password,
    oldPassword: seed.initialPassword,
  });
  return `new password logs in to ${evidence.protocol}://${evidence.address}${evidence.via ? ' (via PROXY protocol)' : ''}, old one refused`;
}

async function step(
  operation: string,
  target: string,
  accounts: ReadonlyArray<{ account: AccountRef; password: string }>,
  run: () => Promise<string>,
): Promise<void> {
  const started = performance.now();
  try {
    const outcome = await run();
    const proofs = await Promise.all(accounts.map(({ account, password }) => verify(account, password)));
    const verified = proofs.every(Boolean);
    rows.push({
      operation,
      target,
      outcome: `${outcome}${verified ? `; ${[...new Set(proofs)].join('; ')}` : ''}`,
      ms: performance.now() - started,
      verified,
    });
    if (!verified) failed = true;
  } catch (error) {
    failed = true;
    const message = error instanceof DbpassError ? `${error.name}: ${error.message}` : String(error);
    rows.push({ operation, target, outcome: `FAILED ${message}`, ms: performance.now() - started, verified: false });
  }
}

try {
  const h = seed.huawei;
  const useToken = process.env.DBPASS_DEMO_AUTH === 'token';
  const taurus = createTaurusDbClient({
    endpoint: emulator.url,
    projectId: h.projectId,
    auth: useToken
      ? iamToken({
          userName: h.iamUser.name,
          password: h.iamUser.password,
          domainName: h.domainName,
          iamEndpoint: emulator.url,
        })
      : akSk({ ak: h.ak, sk: h.sk }),
  });
  const o = seed.oceanbase;
  const oceanbase = createOceanBaseClient({
    endpoint: emulator.url,
    projectId: o.projectId,
    auth: oceanbaseDigest({ accessKeyId: o.accessKeyId, accessKeySecret: o.accessKeySecret }),
  });
  console.log(
    `dbpass demo against the emulator at ${emulator.url} (Huawei auth: ${useToken ? 'IAM token' : 'AK/SK'}; OceanBase auth: Digest)`,
  );
  console.log(
    engines === 'real'
      ? `engines: real (MariaDB and ClickHouse on 127.0.0.1: ${[...emulator.engines.addresses.values()].map((address) => `${address.engine}:${address.port}`).join(', ')}); every change is proven by logging in\n`
      : 'engines: memory (mariadb-server and clickhouse-server are not installed: `npm run setup` as root installs them); changes are checked at the emulator only\n',
  );

  const root = generatePassword(passwordPolicies.ResetGaussMySqlPassword.password);
  await step(
    'ResetGaussMySqlPassword',
    `${h.instances.taurusdb.id} root`,
    [{ account: { cloud: 'huawei', instanceId: h.instances.taurusdb.id }, password: root.password }],
    async () => {
      await taurus.resetGaussMySqlPassword({ instance_id: h.instances.taurusdb.id, body: { password: root.password } });
      return `reset (${root.entropyBits.toFixed(0)}-bit password)`;
    },
  );

  const dbPolicy = passwordPolicies.ResetGaussMySqlDatabasePassword['users[].password'];
  const users = h.dbUsers.map((user) => ({
    ...user,
    password: generatePassword(dbPolicy, { userName: user.name }).password,
  }));
  const dbAccounts = users.map((user) => ({
    account: { cloud: 'huawei', instanceId: h.instances.taurusdb.id, userName: user.name, host: user.host } as const,
    password: user.password,
  }));
  await step(
    'ResetGaussMySqlDatabasePassword',
    `${users.length} users (${users.map((user) => `${user.name}@${user.host}`).join(', ')})`,
    dbAccounts,
    async () => {
      const { job_id } = await taurus.resetGaussMySqlDatabasePassword({
        instance_id: h.instances.taurusdb.id,
        body: { users },
      });
      const seen: string[] = [];
      const job = await waitForJob(taurus, job_id, {
        intervalMs: 200,
        timeoutMs: 30_000,
        onProgress: (info) => seen.push(info.process ? `${info.status} ${info.process}` : info.status),
      });
      return `job ${job.id.slice(0, 8)}… ${[...new Set(seen)].join(' -> ')}`;
    },
  );

  const htapUsers = [
    {
      operationId: 'UpdateStarRocksDatabaseUserPassword',
      instanceId: h.instances.starrocks.id,
      userName: h.starrocksUsers[0],
      change: taurus.updateStarRocksDatabaseUserPassword,
    },
    {
      operationId: 'UpdateClickHouseDatabaseUserPassword',
      instanceId: h.instances.clickhouse.id,
      userName: h.clickhouseUsers[0],
      change: taurus.updateClickHouseDatabaseUserPassword,
    },
  ] as const;
  const htapPasswords = new Map<string, string>();
  for (const { operationId, instanceId, userName, change } of htapUsers) {
    const { password } = generatePassword(passwordPolicies[operationId].password, { userName });
    htapPasswords.set(operationId, password);
    await step(
      operationId,
      `${instanceId} ${userName}`,
      [{ account: { cloud: 'huawei', instanceId, userName }, password }],
      async () => {
        const { result } = await change({ instance_id: instanceId, body: { user_name: userName, password } });
        return `result ${result}`;
      },
    );
  }

  const obUser = o.users[0];
  const tenantPassword = generatePassword(obPolicies.ModifyTenantUserPassword.userPassword, { userName: obUser });
  await step(
    'ModifyTenantUserPassword',
    `${o.instanceId}/${o.tenantId}/${obUser}`,
    [
      {
        account: { cloud: 'oceanbase', instanceId: o.instanceId, tenantId: o.tenantId, userName: obUser },
        password: tenantPassword.password,
      },
    ],
    async () => {
      const response = await oceanbase.modifyTenantUserPassword({
        instanceId: o.instanceId,
        tenantId: o.tenantId,
        userName: obUser,
        body: { userPassword: tenantPassword.password },
      });
      return `success ${response.success} (request ${String(response.requestId).slice(0, 8)}…)`;
    },
  );
  if (engines === 'real') {
    // The rotation the SDK calls above make safe: staged, stored before it is sent, proven by login.
    const rotation = await stagedRotation(emulator, htapPasswords.get('UpdateStarRocksDatabaseUserPassword')!);
    console.log(
      `Staged rotation of ${h.starrocksUsers[0]} with @dbpass/rotate (adopt, then create -> set -> test by login -> finish):\n${rotation.lines.join('\n')}\n`,
    );
    if (!rotation.rotated) failed = true;
  }
} finally {
  await emulator.stop();
}

const width = Math.max(...rows.map((row) => row.operation.length));
for (const row of rows) {
  console.log(
    `${row.verified ? 'ok  ' : 'FAIL'} ${row.operation.padEnd(width)}  ${row.ms.toFixed(0).padStart(5)} ms  ${row.target}\n     ${' '.repeat(width)}            ${row.outcome}`,
  );
}
const passed = rows.filter((row) => row.verified).length;
console.log(
  `\n${passed}/5 operations succeeded over HTTP (${emulator.requests.length} requests to the emulator, engines: ${engines}); passwords are generated per policy and never printed.`,
);
process.exitCode = failed || passed !== 5 ? 1 : 0;
