// What each kind makes of a plan, read through the registry the way the plan, the fleet and the verifier read it.
import { validateRequest } from '@dbpass/core';
import * as verify from '@dbpass/verify';
import { describe, expect, it } from 'vitest';
import { issuesOf } from '../../test/plan-issues.js';
import { groupAccounts } from '../fleet/group-accounts.js';
import { accountIdentity, expandTargets } from '../plan/expand-targets.js';
import { parsePlan } from '../plan/load-plan.js';
import { loginTargetFor } from '../verify-login-checker.js';
import { ACCOUNT_KINDS, kindOf } from './registry.js';
import { MAX_USERS_PER_JOB } from './taurusdb-db-user.js';

const HW = '6f0d8b1c2a3e4f5061728394a5b6c7d8in07';
const plan = parsePlan(
  `version: 1
store: { file: store.dbpass, keyEnv: DBPASS_STORE_KEY }
connections:
  hw: { cloud: huawei, region: cn-north-4, projectId: 0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b, credentials: { accessKeyEnv: HW_AK, secretKeyEnv: HW_SK } }
  ob: { cloud: oceanbase, region: cn-hangzhou, projectId: p-1, credentials: { accessKeyIdEnv: OB_AK, accessKeySecretEnv: OB_SK } }
targets:
  - { name: root, kind: taurusdb-root, connection: hw, instanceId: ${HW}, verify: { by: login, address: "db.internal:3306", proxySource: 10.0.0.9 } }
  - { name: app, kind: taurusdb-db-user, connection: hw, instanceId: ${HW}, user: app_user, verify: { by: login, address: "db.internal:3306" } }
  - name: many
    kind: taurusdb-db-users
    connection: hw
    instanceId: ${HW}
    users: [{ user: a }, { user: b, host: "10.10.10.%" }]
    verify: { by: login, address: "db.internal:3306" }
  - { name: sr, kind: starrocks, connection: hw, instanceId: ${HW}, user: reporter, verify: { by: login, address: "sr.internal:9030" } }
  - { name: ch, kind: clickhouse, connection: hw, instanceId: ${HW}, user: analyst, verify: { by: login, address: "[::1]:8123", tls: { mode: disabled } } }
  - { name: ob-app, kind: oceanbase-tenant-user, connection: ob, instanceId: ob-1, tenantId: t-1, user: app, verify: { by: login, address: "ob.internal:2881", loginName: proxy } }
`,
  'plan.yaml',
  '/plans',
);
const accounts = expandTargets(plan);

describe('the account kinds', () => {
  it('name their accounts from their target forms', () => {
    expect(accounts.map(({ ref: { login, ...ref } }) => ref)).toEqual([
      { id: 'root', kind: 'taurusdb-root', userName: 'root', target: 'root', cloud: 'huawei', instanceId: HW },
      {
        id: 'app',
        kind: 'taurusdb-db-user',
        userName: 'app_user',
        host: '%',
        target: 'app',
        cloud: 'huawei',
        instanceId: HW,
      },
      ...[
        ['a', '%'],
        ['b', '10.10.10.%'],
      ].map(([user, host]) => ({
        id: `many/${user}@${host}`,
        kind: 'taurusdb-db-user',
        userName: user,
        host,
        target: 'many',
        cloud: 'huawei',
        instanceId: HW,
      })),
      { id: 'sr', kind: 'starrocks', userName: 'reporter', target: 'sr', cloud: 'huawei', instanceId: HW },
      { id: 'ch', kind: 'clickhouse', userName: 'analyst', target: 'ch', cloud: 'huawei', instanceId: HW },
      {
        id: 'ob-app',
        kind: 'oceanbase-tenant-user',
        userName: 'app',
        tenantId: 't-1',
        target: 'ob-app',
        cloud: 'oceanbase',
        instanceId: 'ob-1',
      },
    ]);
  });

  it('set the database users of one instance together, every other account alone', () => {
    expect(groupAccounts(accounts).map((group) => group.accounts.map((account) => account.ref.id))).toEqual([
      ['root'],
      ['app', 'many/a@%', 'many/b@10.10.10.%'],
      ['sr'],
      ['ch'],
      ['ob-app'],
    ]);
    expect(ACCOUNT_KINDS.map((kind) => [kind.kind, kind.maxBatch])).toEqual([
      ['taurusdb-root', 1],
      ['taurusdb-db-user', MAX_USERS_PER_JOB],
      ['starrocks', 1],
      ['clickhouse', 1],
      ['oceanbase-tenant-user', 1],
    ]);
  });

  it('log in with their protocol and login name', async () => {
    const targets = await Promise.all(accounts.map((account) => loginTargetFor(verify, account.ref)));
    expect(targets).toEqual([
      { protocol: 'mysql', host: 'db.internal', port: 3306, user: 'root', proxySource: '10.0.0.9' },
      { protocol: 'mysql', host: 'db.internal', port: 3306, user: 'app_user', accountHost: '%' },
      { protocol: 'mysql', host: 'db.internal', port: 3306, user: 'a', accountHost: '%' },
      { protocol: 'mysql', host: 'db.internal', port: 3306, user: 'b', accountHost: '10.10.10.%' },
      { protocol: 'mysql', host: 'sr.internal', port: 9030, user: 'reporter' },
      { protocol: 'clickhouse-http', host: '::1', port: 8123, tls: false, user: 'analyst' },
      { protocol: 'mysql', host: 'ob.internal', port: 2881, user: 'app@t-1#ob-1' },
    ]);
  });

  it("know TaurusDB's root as the database user root@% of its instance", () => {
    const root = accounts[0]!.ref;
    const rootUser = { ...accounts[1]!.ref, userName: 'root' };
    expect(accountIdentity(root)).toBe(accountIdentity(rootUser));
    expect(accountIdentity(accounts[1]!.ref)).not.toBe(accountIdentity(root));
  });

  it('take the login settings their logins take', () => {
    const withVerify = (target: string, verifyYaml: string) =>
      issuesOf(
        `version: 1
store: { file: store.dbpass, keyEnv: DBPASS_STORE_KEY }
connections:
  hw: { cloud: huawei, region: cn-north-4, projectId: 0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b, credentials: { accessKeyEnv: HW_AK, secretKeyEnv: HW_SK } }
targets:
  - { name: t, ${target}, connection: hw, instanceId: ${HW}, verify: ${verifyYaml} }
`,
      ).map((issue) => issue.rule);
    expect(withVerify('kind: starrocks, user: reporter', '{ by: login, address: "h:1", loginName: tenant }')).toEqual([
      'login-name-oceanbase',
    ]);
    expect(
      withVerify('kind: clickhouse, user: analyst', '{ by: login, address: "h:1", proxySource: 10.0.0.1 }'),
    ).toEqual(['proxy-source-mysql']);
  });

  it("check a twin's name against their create operation's rules, and only the root cannot alternate", () => {
    const twinIssues = (index: number, twin: string) => {
      const { ref } = accounts[index]!;
      const request = kindOf(ref).users!.createRequest({ ...ref, userName: twin }, '0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b');
      return validateRequest(request.operation, request.params, request.body)
        .filter((issue) => !/password$/i.test(issue.field))
        .map((issue) => `${request.operationId} ${issue.field} ${issue.rule}`);
    };
    expect(ACCOUNT_KINDS.filter((kind) => !kind.users).map((kind) => kind.kind)).toEqual(['taurusdb-root']);
    for (const index of [1, 2, 3, 4, 5, 6]) expect(twinIssues(index, 'app_user_clone')).toEqual([]);
    expect(twinIssues(3, 'b-clone')).toEqual(['CreateGaussMySqlDatabaseUser body.users[0].name pattern']);
    expect(twinIssues(4, 'Reporter_clone')).toEqual(['CreateStarRocksDatabaseUser body.user_name pattern']);
    expect(twinIssues(5, 'analyst_')).toEqual(['CreateClickHouseDatabaseUser body.user_name pattern']);
    expect(twinIssues(6, 'Root')).toEqual([
      'CreateTenantUser body.userName pattern',
      'CreateTenantUser body.userName reserved-word',
    ]);
    // The twin of a user with a host pattern is created with that host.
    const request = kindOf(accounts[3]!.ref).users!.createRequest(accounts[3]!.ref, 'p');
    expect(request.body).toEqual({ users: [{ name: 'b', hosts: ['10.10.10.%'] }] });
  });

  it('each have their policy and set request from the spec', () => {
    for (const account of accounts) {
      const kind = kindOf(account.ref);
      expect(kind.policy.classes.length).toBeGreaterThan(0);
      expect(kind.setRequest(account.ref, 'project').operation).toBeDefined();
    }
  });
});
