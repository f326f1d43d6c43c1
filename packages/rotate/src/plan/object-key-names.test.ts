import { describe, expect, it } from 'vitest';
import { issuesOf } from '../../test/plan-issues.js';
import { parsePlan } from './load-plan.js';
import { storeLocationOf } from './store-locations.js';

// Names a plan may give that are also Object.prototype's keys (`constructor`): a name like any other, never a
// lookup that finds the prototype's function.
const plan = (store: string, target: string, connection = 'hw') => `version: 1
store: ${store}
connections:
  hw:
    cloud: huawei
    region: cn-north-4
    projectId: 0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b
    credentials: { accessKeyEnv: HW_AK, secretKeyEnv: HW_SK }
targets:
  - name: ${target}
    kind: taurusdb-db-user
    connection: ${connection}
    instanceId: 6f0d8b1c2a3e4f5061728394a5b6c7d8in07
    user: app_user
    verify: { by: login, address: "db.internal:3306" }
`;

describe('plan names that are Object keys', () => {
  it('a Kubernetes target named constructor names its own Secret', () => {
    const parsed = parsePlan(plan('{ kubernetes: { namespace: apps } }', 'constructor'), 'plan.yaml', '/plans');
    expect(parsed.targets[0]?.name).toBe('constructor');
    expect(storeLocationOf(parsed.store, 'constructor')).toBe('Secret constructor, data key password');
  });

  it('connection: constructor is a connection the plan does not define', () => {
    const issues = issuesOf(plan('{ file: store.dbpass, keyEnv: DBPASS_STORE_KEY }', 'app-db', 'constructor'));
    expect(issues.filter((issue) => issue.path === 'targets[0].connection')).toEqual([
      expect.objectContaining({
        target: 'app-db',
        rule: 'connection-exists',
        message: 'no connection named "constructor" under connections',
      }),
    ]);
  });
});
