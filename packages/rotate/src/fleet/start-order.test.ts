import { describe, expect, it } from 'vitest';
import { expandTargets } from '../plan/expand-targets.js';
import { parsePlan } from '../plan/load-plan.js';
import { groupAccounts } from './group-accounts.js';
import { startOrder } from './start-order.js';

const HW = '6f0d8b1c2a3e4f5061728394a5b6c7d8in07';
const HW2 = '7f0d8b1c2a3e4f5061728394a5b6c7d8in07';
const login = 'verify: { by: api, reason: "test" }';
const planOf = (clickhouseVerify: string) =>
  parsePlan(
    `version: 1
store: { file: store.dbpass, keyEnv: DBPASS_STORE_KEY }
connections:
  hw: { cloud: huawei, region: cn-north-4, projectId: 0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b, credentials: { accessKeyEnv: HW_AK, secretKeyEnv: HW_SK } }
  ob: { cloud: oceanbase, region: cn-hangzhou, projectId: p-1, credentials: { accessKeyIdEnv: OB_AK, accessKeySecretEnv: OB_SK } }
targets:
  - { name: root, kind: taurusdb-root, connection: hw, instanceId: ${HW}, ${login} }
  - { name: sr-1, kind: starrocks, connection: hw, instanceId: ${HW}, user: one, ${login} }
  - { name: sr-2, kind: starrocks, connection: hw, instanceId: ${HW}, user: two, ${login} }
  - { name: ch, kind: clickhouse, connection: hw, instanceId: ${HW}, user: analyst, ${clickhouseVerify} }
  - { name: users-1, kind: taurusdb-db-users, connection: hw, instanceId: ${HW}, users: [{ user: a }, { user: b }], ${login} }
  - { name: ob-1, kind: oceanbase-tenant-user, connection: ob, instanceId: ob-1, tenantId: t-1, user: one, ${login} }
  - { name: ob-2, kind: oceanbase-tenant-user, connection: ob, instanceId: ob-1, tenantId: t-1, user: two, ${login} }
  - { name: users-2, kind: taurusdb-db-users, connection: hw, instanceId: ${HW2}, users: [{ user: c }], ${login} }
`,
    'plan.yaml',
    '/plans',
  );
const plan = planOf(login);

describe('startOrder', () => {
  it("takes the connections in turn, each one's jobs first, then its other groups in plan order", () => {
    const groups = groupAccounts(expandTargets(plan));
    const order = startOrder(groups).map((group) => group.accounts.map((account) => account.ref.target).join('+'));
    expect(order).toEqual(['users-1+users-1', 'ob-1', 'users-2', 'ob-2', 'root', 'sr-1', 'sr-2', 'ch']);
    expect(startOrder(groups)).toHaveLength(groups.length);
  });

  it('starts accounts an engine accepts late (ClickHouse, verified by login) after the jobs, before the others', () => {
    const byLogin = planOf('verify: { by: login, address: "127.0.0.1:8123" }');
    const hw = groupAccounts(expandTargets(byLogin)).filter((group) => group.connection === 'hw');
    const order = startOrder(hw).map((group) => group.accounts[0]!.ref.target);
    expect(order).toEqual(['users-1', 'users-2', 'ch', 'root', 'sr-1', 'sr-2']);
  });

  it('keeps every group once when there is one connection', () => {
    const groups = groupAccounts(expandTargets(plan)).filter((group) => group.connection === 'hw');
    expect(new Set(startOrder(groups))).toEqual(new Set(groups));
  });
});
