import { describe, expect, it } from 'vitest';
import { issuesOf } from '../../test/plan-issues.js';
import { parsePlan } from './load-plan.js';

const plan = (store: string, targets: string) => `version: 1
store: ${store}
connections:
  hw:
    cloud: huawei
    region: cn-north-4
    projectId: 0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b
    credentials: { accessKeyEnv: HW_AK, secretKeyEnv: HW_SK }
  ob:
    cloud: oceanbase
    endpoint: https://api.oceanbase.example
    projectId: project-1
    credentials: { accessKeyIdEnv: OB_AK, accessKeySecretEnv: OB_SK }
targets:
${targets}`;

const fileStore = '{ file: store.dbpass, keyEnv: DBPASS_STORE_KEY }';
const starrocks = `  - { name: sr, kind: starrocks, connection: hw, instanceId: 6f0d8b1c2a3e4f5061728394a5b6c7d8in07, user: app_user, verify: { by: api, reason: no route } }
`;

describe('plan strings that become paths and store names', () => {
  it.each(['..', '.'])('refuses an OceanBase tenant id %j: the set request would leave its own path', (tenantId) => {
    const issues = issuesOf(
      plan(
        fileStore,
        `  - { name: ob-app, kind: oceanbase-tenant-user, connection: ob, instanceId: ob-1, tenantId: "${tenantId}", user: app, verify: { by: api, reason: no route } }\n`,
      ),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'targets[0]',
        target: 'ob-app',
        rule: 'spec-path-segment',
        message: expect.stringMatching(
          /^ob-app: ModifyTenantUserPassword would be refused: path\.tenantId must not be/,
        ),
      }),
    ]);
  });

  it('refuses . and .. in the Vault mount and path, naming the field', () => {
    const issues = issuesOf(plan('{ vault: { mount: "kv/..", path: "dbpass/./x" } }', starrocks));
    expect(issues).toEqual([
      expect.objectContaining({ path: 'store.vault.mount', rule: 'store-path-segment' }),
      expect.objectContaining({ path: 'store.vault.path', rule: 'store-path-segment' }),
    ]);
  });

  it('refuses a secret name longer than Secrets Manager takes (each % of a host is written +25)', () => {
    const host = `%${',%'.repeat(127)}`;
    const issues = issuesOf(
      plan(
        '{ aws: { prefix: dbpass/, region: eu-west-1 } }',
        `  - { name: app, kind: taurusdb-db-users, connection: hw, instanceId: 6f0d8b1c2a3e4f5061728394a5b6c7d8in07, users: [{ user: app_user, host: "${host}" }], verify: { by: api, reason: no route } }\n`,
      ),
    );
    expect(issues).toEqual([
      expect.objectContaining({ target: 'app', rule: 'aws-secret-name' }),
      expect.objectContaining({ target: 'app', rule: 'aws-secret-name' }),
    ]);
  });

  it('refuses a Kubernetes data key that the API server refuses (.., a leading ..)', () => {
    const issues = issuesOf(plan('{ kubernetes: { namespace: apps, key: "..data" } }', starrocks));
    expect(issues).toEqual([
      expect.objectContaining({ target: 'sr', rule: 'kubernetes-data-key' }),
      expect.objectContaining({ target: 'sr', rule: 'kubernetes-data-key' }),
      expect.objectContaining({ target: 'sr', rule: 'kubernetes-data-key' }),
    ]);
  });

  it('accepts the same plans with ordinary names', () => {
    expect(() => parsePlan(plan('{ vault: { mount: kv, path: dbpass/prod } }', starrocks))).not.toThrow();
    expect(() => parsePlan(plan('{ aws: { prefix: dbpass/, region: eu-west-1 } }', starrocks))).not.toThrow();
    expect(() => parsePlan(plan('{ kubernetes: { namespace: apps, key: db.password } }', starrocks))).not.toThrow();
  });
});
