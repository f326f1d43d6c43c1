// Random plan strings, adversarial ones mixed in (`..`, `%2e%2e`, slashes, `%`, control characters): a plan is
// refused at load time, or every request it leads to stays inside its own path and every store key inside its own
// place. Pure functions only: plan validation and the path and URL builders, checked with `new URL(...)`.
import { fillPath } from '@dbpass/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandTargets, type Plan, PlanError } from '../src/index.js';
import { checkPlan } from '../src/plan/load-plan.js';
import { setRequestOf } from '../src/plan/set-request-issues.js';
import { accountIdOf, metadataSecretName, secretName } from '../src/stores/aws/aws-names.js';
import { currentKey } from '../src/stores/kubernetes/data-keys.js';
import { secretsPath } from '../src/stores/kubernetes/kube-paths.js';
import { kvApiPath, vaultPath } from '../src/stores/vault/vault-paths.js';

const NASTY = [
  '..',
  '.',
  '',
  '%2e%2e',
  '%2E.',
  '.%2e',
  '/',
  '../',
  '/..',
  'a/../b',
  'a/./b',
  '%/../../../../sys/x',
  '..\\x',
  '\\..\\',
  '%',
  '%25',
  '?',
  '#',
  '@',
  ' ',
  '\u0000',
  '\n',
  '\u{1F600}',
  '.lock',
  'dbpass',
  'sys',
];
const CHARS = [...'aZ09_-.@%/+=?#:~ \\', '..', '/..', '%2e', '\u00e9'];

const token = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 10 });
/** A name every field takes (target, user, id, namespace, mount): the plan is refused only for the others. */
const plausible = fc.stringMatching(/^[a-z][a-z0-9]{0,10}[a-z0-9]$/);
/** Mostly strings a user could mean; often enough, ones an attacker would pick. */
const field = fc.oneof(
  { weight: 14, arbitrary: plausible },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: token },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.oneof(plausible, fc.constantFrom(...NASTY)), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.join('/')),
  },
);
const huaweiInstance = fc.oneof(
  { weight: 6, arbitrary: fc.constant('6f0d8b1c2a3e4f5061728394a5b6c7d8in07') },
  { weight: 1, arbitrary: field },
);
const host = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('%', '10.0.0.%', '192.168.1.1', '%,10.%.%.%') },
  { weight: 1, arbitrary: field },
);
const verify = { by: 'api', reason: 'no route from here' };

const target = fc.oneof(
  fc.record({ name: field, kind: fc.constant('taurusdb-root'), instanceId: huaweiInstance }),
  fc.record({ name: field, kind: fc.constant('taurusdb-db-user'), instanceId: huaweiInstance, user: field, host }),
  fc.record({
    name: field,
    kind: fc.constant('taurusdb-db-users'),
    instanceId: huaweiInstance,
    users: fc.array(fc.record({ user: field, host }), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ name: field, kind: fc.constantFrom('starrocks', 'clickhouse'), instanceId: huaweiInstance, user: field }),
  fc.record({
    name: field,
    kind: fc.constant('oceanbase-tenant-user'),
    instanceId: field,
    tenantId: field,
    user: field,
  }),
);

const store = fc.oneof(
  fc.record({ file: fc.constant('store.dbpass'), keyEnv: fc.constant('DBPASS_STORE_KEY') }),
  fc.record({ vault: fc.record({ mount: field, path: field }) }),
  fc.record({ aws: fc.record({ prefix: field, region: fc.constant('eu-west-1') }) }),
  fc.record({ kubernetes: fc.record({ namespace: field, key: field }) }),
);

const planData = fc.record({ store, targets: fc.array(target, { minLength: 1, maxLength: 3 }) }).map((data) => ({
  version: 1,
  store: data.store,
  connections: {
    hw: {
      cloud: 'huawei',
      endpoint: 'https://gaussdb.example.test/base',
      projectId: '0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b',
      credentials: { accessKeyEnv: 'HW_AK', secretKeyEnv: 'HW_SK' },
    },
    ob: {
      cloud: 'oceanbase',
      endpoint: 'https://oceanbase.example.test',
      projectId: 'project-1',
      credentials: { accessKeyIdEnv: 'OB_AK', accessKeySecretEnv: 'OB_SK' },
    },
  },
  targets: data.targets.map((spec) => ({
    ...spec,
    connection: spec.kind === 'oceanbase-tenant-user' ? 'ob' : 'hw',
    verify,
  })),
}));

const segmentsOf = (pathname: string) => pathname.split('/').slice(1).map(decodeURIComponent);

/** The set request's URL has the template's segments, each parameter whole in its own (as `fetch` would send it). */
function expectRequestInPlace(plan: Plan): void {
  for (const account of expandTargets(plan)) {
    const connection = plan.connections[account.connection]!;
    const request = setRequestOf(account.ref, connection.projectId);
    const base = connection.endpoint!;
    const url = new URL(`${base}${fillPath(request.operation.path, request.params.path)}`);
    const template = request.operation.path.split('/').slice(1);
    const sent = segmentsOf(url.pathname).slice(new URL(base).pathname.split('/').filter(Boolean).length);
    expect(sent).toHaveLength(template.length);
    template.forEach((part, index) => {
      const parameter = /^\{(.+)\}$/.exec(part)?.[1];
      expect(sent[index]).toBe(parameter ? String(request.params.path[parameter]) : part);
    });
  }
}

/** Every account's store location is inside the store's own place (KV folder, prefix, namespace). */
function expectStoreInPlace(plan: Plan): void {
  const { store } = plan;
  for (const { ref } of expandTargets(plan)) {
    if ('vault' in store) {
      const mount = store.vault.mount ?? 'secret';
      const url = new URL(`https://vault.example.test/v1/${kvApiPath(mount, 'data', store.vault.path, ref.id)}`);
      const folder = `/v1/${vaultPath(mount)}/data/${vaultPath(store.vault.path)}/`;
      expect(url.pathname.startsWith(folder)).toBe(true);
      expect(segmentsOf(`/${url.pathname.slice(folder.length)}`)).toEqual(ref.id.split('/').filter(Boolean));
    } else if ('aws' in store) {
      const prefix = store.aws.prefix ?? 'dbpass/';
      for (const name of [secretName(prefix, ref.id), metadataSecretName(prefix, ref.id)]) {
        expect(name.startsWith(prefix)).toBe(true);
        expect(name).toMatch(/^[A-Za-z0-9/_+=.@-]{1,512}$/);
      }
      expect(accountIdOf(prefix, secretName(prefix, ref.id))).toBe(ref.id);
    } else if ('kubernetes' in store) {
      const { namespace, secrets = {}, key = 'password' } = store.kubernetes;
      const name = secrets[ref.target] ?? ref.target;
      const url = new URL(secretsPath(namespace, name), 'https://kube.example.test/');
      expect(segmentsOf(url.pathname)).toEqual(['api', 'v1', 'namespaces', namespace, 'secrets', name]);
      const dataKey = currentKey(ref.id, key);
      expect(dataKey).toMatch(/^[-._a-zA-Z0-9]{1,253}$/);
      expect(dataKey.startsWith('..')).toBe(false);
    }
  }
}

describe('plan strings never reach a path they do not name', () => {
  it('10,000 random plans: refused at load time, or every request and store key stays in its own place', () => {
    let accepted = 0;
    fc.assert(
      fc.property(planData, (data) => {
        let plan: Plan;
        try {
          plan = checkPlan(data, 'random plan', '/plans');
        } catch (error) {
          expect(error).toBeInstanceOf(PlanError);
          return;
        }
        accepted += 1;
        expectRequestInPlace(plan);
        expectStoreInPlace(plan);
      }),
      { numRuns: 10_000 },
    );
    // The property is not vacuous: a good share of the plans pass validation and are checked.
    expect(accepted).toBeGreaterThan(1_000);
  });
});
