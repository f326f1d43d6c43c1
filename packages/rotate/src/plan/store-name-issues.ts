import { LOCK_ID, metadataSecretName, secretName } from '../stores/aws/aws-names.js';
import { currentKey, stageKey } from '../stores/kubernetes/data-keys.js';
import { segmentProblem } from '../stores/path-segments.js';
import type { MeaningIssue } from './check-plan-meaning.js';
import { expandTargets } from './expand-targets.js';
import type { Plan } from './plan.js';

/** What Secrets Manager accepts as a secret name. */
const AWS_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** Kubernetes' rule for a Secret's data key (IsConfigMapKey): these characters, at most 253, not `.`, `..` or `..x`. */
const KUBERNETES_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

const kubernetesKeyProblem = (key: string): string | undefined => {
  if (!KUBERNETES_KEY.test(key)) return 'must be 1 to 253 letters, digits, -, _ or .';
  if (key === '.' || key === '..' || key.startsWith('..')) return 'must not be . or .., nor start with ..';
  return undefined;
};

/** Each `/`-separated part of a store path that a URL parser would not keep in its place. */
const pathProblems = (path: string): string[] =>
  path
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => segmentProblem(segment) ?? []);

/**
 * Every name the plan's store builds from plan strings (Vault mount, path and account keys; AWS secret names;
 * Kubernetes data keys) checked against what the store's server accepts and against climbing out of its place,
 * when the plan is loaded: before anything is stored or sent.
 */
export function storeNameIssues(plan: Plan): MeaningIssue[] {
  const { store } = plan;
  const issues: MeaningIssue[] = [];
  if ('vault' in store) {
    for (const field of ['mount', 'path'] as const) {
      const value = store.vault[field];
      for (const problem of value === undefined ? [] : pathProblems(value))
        issues.push({
          pointer: `/store/vault/${field}`,
          rule: 'store-path-segment',
          message: `the Vault ${field} holds ${problem}: the store's requests would leave ${value}`,
        });
    }
  }
  for (const account of expandTargets(plan)) {
    const at = { pointer: `/targets/${account.targetIndex}`, target: account.ref.target };
    const id = account.ref.id;
    if ('vault' in store)
      for (const problem of pathProblems(id))
        issues.push({
          ...at,
          rule: 'store-path-segment',
          message: `${id}: its Vault secret's path would hold ${problem}; rename the target or user`,
        });
    if ('aws' in store) {
      const prefix = store.aws.prefix ?? 'dbpass/';
      for (const name of [secretName(prefix, id), metadataSecretName(prefix, id)])
        if (!AWS_NAME.test(name))
          issues.push({
            ...at,
            rule: 'aws-secret-name',
            message: `${id}: its secret name ${name.slice(0, 60)}${name.length > 60 ? '...' : ''} (${name.length} characters) is not one Secrets Manager accepts: at most 512 letters, digits and /_+=.@-`,
          });
    }
    if ('kubernetes' in store) {
      const current = currentKey(id, store.kubernetes.key ?? 'password');
      for (const key of [current, stageKey(current, 'PENDING'), stageKey(current, 'PREVIOUS')]) {
        const problem = kubernetesKeyProblem(key);
        if (problem)
          issues.push({
            ...at,
            rule: 'kubernetes-data-key',
            message: `${id}: its data key ${key} ${problem}; set store.kubernetes.key`,
          });
      }
    }
  }
  if ('aws' in store && !AWS_NAME.test(secretName(store.aws.prefix ?? 'dbpass/', LOCK_ID)))
    issues.push({
      pointer: '/store/aws/prefix',
      rule: 'aws-secret-name',
      message: 'the lock secret under this prefix would not be a name Secrets Manager accepts',
    });
  return issues;
}
