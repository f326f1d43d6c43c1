import { generatePassword } from '@dbpass/client-taurusdb';
import type { LoginOption } from '../kinds/account-kind.js';
import { kindOf, targetFormOf } from '../kinds/registry.js';
import { ownValue } from '../secret-store/own-record.js';
import { accountIdentity, expandTargets } from './expand-targets.js';
import type { Plan } from './plan.js';
import { setRequestIssues } from './set-request-issues.js';
import { storeLocationOf } from './store-locations.js';
import { storeNameIssues } from './store-name-issues.js';

export interface MeaningIssue {
  /** JSON pointer into the plan. */
  readonly pointer: string;
  readonly target?: string;
  readonly rule: string;
  readonly message: string;
}

/** What a login setting given to a kind whose login does not take it is told, in the order they are checked. */
const LOGIN_OPTION_ISSUES: Readonly<Record<LoginOption, { readonly rule: string; readonly message: string }>> = {
  loginName: {
    rule: 'login-name-oceanbase',
    message: 'loginName names an OceanBase login form; other kinds log in with the user name',
  },
  proxySource: {
    rule: 'proxy-source-mysql',
    message: 'proxySource is a MySQL-protocol login option; ClickHouse is verified over HTTP',
  },
};

/** Rules a JSON Schema cannot say: names unique, connections exist and fit the kind, overrides fit the policy. */
export function checkPlanMeaning(plan: Plan): MeaningIssue[] {
  const issues: MeaningIssue[] = [];
  const names = new Set<string>();
  plan.targets.forEach((target, index) => {
    const at = `/targets/${index}`;
    if (names.has(target.name))
      issues.push({
        pointer: `${at}/name`,
        target: target.name,
        rule: 'unique-name',
        message: 'another target has this name',
      });
    names.add(target.name);
    const { kind } = targetFormOf(target);
    // Own keys only: a target naming `constructor` or `toString` must not find Object.prototype's.
    const connection = ownValue(plan.connections, target.connection);
    if (!connection) {
      issues.push({
        pointer: `${at}/connection`,
        target: target.name,
        rule: 'connection-exists',
        message: `no connection named "${target.connection}" under connections`,
      });
    } else if (connection.cloud !== kind.cloud) {
      issues.push({
        pointer: `${at}/connection`,
        target: target.name,
        rule: 'connection-cloud',
        message: `a ${target.kind} target needs a ${kind.cloud} connection; "${target.connection}" is ${connection.cloud}`,
      });
    }
    if (target.strategy === 'alternating' && !kind.users)
      issues.push({
        pointer: `${at}/strategy`,
        target: target.name,
        rule: 'alternating-kind',
        message: `a ${target.kind} account cannot alternate: its kind has no second user to switch to; use strategy: single`,
      });
    const twins = [target.twin, ...('users' in target ? target.users.map((item) => item.twin) : [])];
    if (target.strategy !== 'alternating' && twins.some((twin) => twin !== undefined))
      issues.push({
        pointer: `${at}/strategy`,
        target: target.name,
        rule: 'twin-alternating',
        message: 'a twin is named, but only strategy: alternating uses one',
      });
    const { verify } = target;
    if (verify.by === 'login')
      for (const option of Object.keys(LOGIN_OPTION_ISSUES) as LoginOption[])
        if (verify[option] && !kind.loginOptions.includes(option))
          issues.push({ pointer: `${at}/verify/${option}`, target: target.name, ...LOGIN_OPTION_ISSUES[option] });
  });
  const seen = new Map<string, string>();
  const locations = new Map<string, string>();
  const accounts = expandTargets(plan);
  const twinOf = new Map(
    accounts.flatMap((account) =>
      account.ref.twin === undefined
        ? []
        : [[accountIdentity({ ...account.ref, userName: account.ref.twin }), account.ref.id] as const],
    ),
  );
  for (const account of accounts) {
    const at = `/targets/${account.targetIndex}`;
    const identity = accountIdentity(account.ref);
    const earlier = seen.get(identity);
    if (earlier)
      issues.push({
        pointer: at,
        target: account.ref.target,
        rule: 'unique-account',
        message: `${account.ref.id} and ${earlier} are one database account (${account.ref.userName}${account.ref.host ? `@${account.ref.host}` : ''} on ${account.ref.instanceId}); rotate it under one target only`,
      });
    seen.set(identity, account.ref.id);
    const twinned = twinOf.get(identity);
    if (twinned !== undefined)
      issues.push({
        pointer: at,
        target: account.ref.target,
        rule: 'twin-unique',
        message:
          twinned === account.ref.id
            ? `${account.ref.id}: its twin is its own user; name another (twin:)`
            : `${account.ref.id} is ${twinned}'s twin too: a twin is a user of its own, which no target rotates`,
      });
    const location = storeLocationOf(plan.store, account.ref.id);
    const sharer = locations.get(location);
    if (sharer)
      issues.push({
        pointer: at,
        target: account.ref.target,
        rule: 'unique-store-location',
        message: `${account.ref.id} and ${sharer} would keep their passwords in one store location (${location}) and overwrite each other; give one its own Secret, key or name`,
      });
    locations.set(location, account.ref.id);
    if (account.password.length !== undefined || account.password.exclude !== undefined) {
      try {
        generatePassword(kindOf(account.ref).policy, { ...account.password, userName: account.ref.userName });
      } catch (error) {
        issues.push({
          pointer: `${at}/password`,
          target: account.ref.target,
          rule: 'password-policy',
          message: `the override does not fit the spec's policy: ${(error as Error).message}`,
        });
      }
    }
  }
  return [...issues, ...kubernetesNameIssues(plan), ...storeNameIssues(plan), ...setRequestIssues(plan)];
}

const KUBERNETES_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A Kubernetes store names each target's Secret after the target unless told otherwise: the name must be one it accepts. */
function kubernetesNameIssues(plan: Plan): MeaningIssue[] {
  if (!('kubernetes' in plan.store)) return [];
  const secrets = plan.store.kubernetes.secrets ?? {};
  const issues: MeaningIssue[] = [];
  for (const name of Object.keys(secrets)) {
    if (!plan.targets.some((target) => target.name === name))
      issues.push({
        pointer: `/store/kubernetes/secrets/${name}`,
        rule: 'secret-target',
        message: `no target named "${name}"`,
      });
  }
  plan.targets.forEach((target, index) => {
    const secret = ownValue(secrets, target.name) ?? target.name;
    if (!KUBERNETES_NAME.test(secret) || secret === 'dbpass-lock') {
      issues.push({
        pointer: `/targets/${index}/name`,
        target: target.name,
        rule: 'kubernetes-name',
        message: `"${secret}" cannot name its Kubernetes Secret (lowercase letters, digits, - and ., not dbpass-lock); map it under store.kubernetes.secrets`,
      });
    }
  });
  return issues;
}
