import { describe, expect, it } from 'vitest';
import { issuesOf } from '../../test/plan-issues.js';
import { parsePlan } from './load-plan.js';

const valid = `version: 1
store: { file: store.dbpass, keyEnv: DBPASS_STORE_KEY }
connections:
  hw:
    cloud: huawei
    region: cn-north-4
    projectId: 0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b
    credentials: { accessKeyEnv: HW_AK, secretKeyEnv: HW_SK }
targets:
  - name: app-db
    kind: taurusdb-db-users
    connection: hw
    instanceId: 6f0d8b1c2a3e4f5061728394a5b6c7d8in07
    verify: { by: login, address: "db.internal:3306", tls: { mode: verify-full } }
    users: [{ user: app_user }, { user: report_user, host: "10.10.10.%" }]
`;

describe('parsePlan', () => {
  it('accepts a valid plan and resolves the store path against the plan folder', () => {
    const plan = parsePlan(valid, 'plan.yaml', '/plans');
    expect(plan.store).toMatchObject({ file: '/plans/store.dbpass' });
    expect(plan.targets[0]).toMatchObject({ kind: 'taurusdb-db-users', users: [{ user: 'app_user' }, {}] });
  });

  it('names the line, the path, the target and the rule of each problem', () => {
    const issues = issuesOf(
      valid
        .replace('address: "db.internal:3306"', 'address: "db.internal"')
        .replace('user: app_user }', 'user: app_user, password: x }'),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 14, path: 'targets[0].verify.address', target: 'app-db', rule: 'pattern' }),
        expect.objectContaining({
          line: 15,
          path: 'targets[0].users[0].password',
          target: 'app-db',
          rule: 'additionalProperties',
        }),
      ]),
    );
  });

  it('refuses an inline secret: credentials take environment variable names only', () => {
    const issues = issuesOf(
      valid.replace(
        '{ accessKeyEnv: HW_AK, secretKeyEnv: HW_SK }',
        '{ accessKeyEnv: HW_AK, secretKeyEnv: HW_SK, secretKey: "abc" }',
      ),
    );
    expect(issues).toEqual([
      expect.objectContaining({ line: 8, path: 'connections.hw.credentials.secretKey', rule: 'additionalProperties' }),
    ]);
    const named = issuesOf(valid.replace('secretKeyEnv: HW_SK', 'secretKeyEnv: "sk-with-dashes=="'));
    expect(named[0]).toMatchObject({ path: 'connections.hw.credentials.secretKeyEnv', rule: 'pattern' });
    expect(named[0]?.message).toContain('NAME of an environment variable');
  });

  it('accepts a Vault, AWS or Kubernetes store and resolves a kubeconfig path against the plan folder', () => {
    expect(
      parsePlan(
        valid.replace(/^store: .*$/m, 'store: { vault: { mount: secret, path: dbpass/prod } }'),
        'plan.yaml',
        '/plans',
      ).store,
    ).toEqual({ vault: { mount: 'secret', path: 'dbpass/prod' } });
    expect(
      parsePlan(
        valid.replace(/^store: .*$/m, 'store: { aws: { prefix: prod/db/, region: eu-west-1 } }'),
        'plan.yaml',
        '/plans',
      ).store,
    ).toEqual({ aws: { prefix: 'prod/db/', region: 'eu-west-1' } });
    expect(
      parsePlan(
        valid.replace(/^store: .*$/m, 'store: { kubernetes: { namespace: apps, kubeconfig: kube.yaml } }'),
        'plan.yaml',
        '/plans',
      ).store,
    ).toEqual({ kubernetes: { namespace: 'apps', kubeconfig: '/plans/kube.yaml' } });
  });

  it('refuses a store token inline and a target name Kubernetes cannot take as a Secret name', () => {
    expect(issuesOf(valid.replace(/^store: .*$/m, 'store: { vault: { path: dbpass, token: s.abc } }'))).toEqual([
      expect.objectContaining({ path: 'store', rule: 'oneOf' }),
    ]);
    const issues = issuesOf(
      valid
        .replace(/^store: .*$/m, 'store: { kubernetes: { namespace: apps, secrets: { other: x } } }')
        .replace('name: app-db', 'name: app_db'),
    );
    expect(issues).toEqual([
      expect.objectContaining({ path: 'store.kubernetes.secrets.other', rule: 'secret-target' }),
      expect.objectContaining({ path: 'targets[0].name', target: 'app_db', rule: 'kubernetes-name' }),
    ]);
  });

  it('says which of two alternatives to give', () => {
    const issues = issuesOf(valid.replace('keyEnv: DBPASS_STORE_KEY', 'keyEnv: A, keyFile: k'));
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'store',
        rule: 'oneOf',
        message: expect.stringContaining('exactly one of keyEnv'),
      }),
    ]);
  });

  it('refuses an unknown kind, a missing connection and a cloud that does not fit the kind', () => {
    expect(issuesOf(valid.replace('kind: taurusdb-db-users', 'kind: mysql'))[0]).toMatchObject({
      path: 'targets[0].kind',
      rule: 'discriminator',
    });
    expect(issuesOf(valid.replace('connection: hw', 'connection: nowhere'))[0]).toMatchObject({
      line: 12,
      target: 'app-db',
      rule: 'connection-exists',
    });
    const ob = valid
      .replace('cloud: huawei', 'cloud: oceanbase')
      .replace('{ accessKeyEnv: HW_AK, secretKeyEnv: HW_SK }', '{ accessKeyIdEnv: A, accessKeySecretEnv: B }');
    expect(issuesOf(ob)[0]).toMatchObject({ target: 'app-db', rule: 'connection-cloud' });
  });

  it('refuses a password override that the spec policy cannot meet, naming the target', () => {
    const issues = issuesOf(valid.replace('    users:', '    password: { length: 64 }\n    users:'));
    expect(issues[0]).toMatchObject({ line: 15, target: 'app-db', rule: 'password-policy' });
    expect(issues[0]?.message).toContain('8 to 32');
  });

  it('refuses two accounts on one store location and one database account under two targets, naming both', () => {
    const shared = issuesOf(
      `${valid.replace('store: { file: store.dbpass, keyEnv: DBPASS_STORE_KEY }', 'store: { kubernetes: { namespace: apps, secrets: { app-db: shared, report-db: shared } } }')}  - { name: report-db, kind: starrocks, connection: hw, instanceId: 9a2fa03e4c5d6b7182930415c6d7e8f9in17, user: reporter, verify: { by: login, address: "sr.internal:9030" } }
  - { name: solo, kind: starrocks, connection: hw, instanceId: 9a2fa03e4c5d6b7182930415c6d7e8f9in17, user: solo, verify: { by: login, address: "sr.internal:9030" } }
`.replace('app-db: shared, report-db: shared', 'app-db: shared, report-db: other, solo: other'),
    );
    expect(shared).toEqual([
      expect.objectContaining({
        rule: 'unique-store-location',
        target: 'solo',
        message: expect.stringMatching(/^solo and report-db .*\(Secret other, data key password\)/),
      }),
    ]);
    const escaped = issuesOf(
      valid
        .replace(
          'store: { file: store.dbpass, keyEnv: DBPASS_STORE_KEY }',
          'store: { kubernetes: { namespace: apps } }',
        )
        .replace('{ user: report_user, host: "10.10.10.%" }', '{ user: app, host: "10.%" }, { user: app_10.x }'),
    );
    // Names the spec refuses as well: with the spec's user and host rules, escaped keys can no longer meet.
    expect(escaped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'unique-store-location',
          message: expect.stringContaining(
            'app-db/app_10.x@% and app-db/app@10.% would keep their passwords in one store location',
          ),
        }),
        expect.objectContaining({ rule: 'spec-pattern' }),
      ]),
    );
    const twice = issuesOf(
      `${valid}  - { name: root, kind: taurusdb-root, connection: hw, instanceId: 6f0d8b1c2a3e4f5061728394a5b6c7d8in07, verify: { by: login, address: "db.internal:3306" } }
  - { name: root-user, kind: taurusdb-db-user, connection: hw, instanceId: 6f0d8b1c2a3e4f5061728394a5b6c7d8in07, user: root, verify: { by: login, address: "db.internal:3306" } }
`,
    );
    expect(twice).toEqual([
      expect.objectContaining({
        rule: 'unique-account',
        target: 'root-user',
        message: expect.stringMatching(/^root-user and root are one database account \(root@% on /),
      }),
    ]);
  });

  it("checks each account's set request against the spec's rules (user names, host patterns) before anything is stored", () => {
    const issues = issuesOf(
      valid.replace(
        '{ user: report_user, host: "10.10.10.%" }',
        '{ user: "report/../user", host: "10.10.10.%" }, { user: app_user, host: "%/../../sys" }',
      ),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        rule: 'spec-pattern',
        target: 'app-db',
        message: expect.stringMatching(
          /^app-db\/report\/\.\.\/user@10\.10\.10\.%: ResetGaussMySqlDatabasePassword would be refused: body\.users\[0\]\.name must match/,
        ),
      }),
      expect.objectContaining({
        rule: 'spec-pattern',
        message: expect.stringMatching(/app_user@%\/\.\.\/\.\.\/sys: .* body\.users\[0\]\.host must match/),
      }),
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const [issue] = issuesOf(`${valid}  - [unclosed\n`);
    expect(issue).toMatchObject({ rule: 'yaml' });
    expect(issue?.line).toBeGreaterThanOrEqual(16);
  });
});
