import type { AccountKind, AccountRef, Cloud, LoginAddress } from '../account-ref.js';
import { parseDuration } from './duration.js';
import type { Plan, TargetSpec, VerifySpec } from './plan.js';

/** One account as a run sees it: where it is, how it is verified, when it is due. */
export interface PlannedAccount {
  readonly ref: AccountRef;
  readonly connection: string;
  /** Index of its target in the plan (for error positions). */
  readonly targetIndex: number;
  readonly periodMs: number | undefined;
  readonly manual: boolean;
  readonly password: { readonly length?: number; readonly exclude?: string };
  /** Why the plan says no login is possible, when it does. */
  readonly apiOnlyReason?: string;
}

const CLOUD_OF: Record<AccountKind, Cloud> = {
  'taurusdb-root': 'huawei',
  'taurusdb-db-user': 'huawei',
  starrocks: 'huawei',
  clickhouse: 'huawei',
  'oceanbase-tenant-user': 'oceanbase',
};

export const cloudOf = (kind: TargetSpec['kind']): Cloud =>
  CLOUD_OF[kind === 'taurusdb-db-users' ? 'taurusdb-db-user' : kind];

function loginAddress(verify: VerifySpec): LoginAddress | undefined {
  if (verify.by !== 'login') return undefined;
  const split = verify.address.lastIndexOf(':');
  const host = verify.address.slice(0, split).replace(/^\[(.*)\]$/, '$1');
  return {
    host,
    port: Number(verify.address.slice(split + 1)),
    ...(verify.tls ? { tls: verify.tls } : {}),
    ...(verify.loginName ? { loginName: verify.loginName } : {}),
    ...(verify.proxySource ? { proxySource: verify.proxySource } : {}),
  };
}

/** The accounts of one target: one, or one per user for `taurusdb-db-users`. */
function targetAccounts(target: TargetSpec): Array<Omit<AccountRef, 'target' | 'cloud' | 'instanceId' | 'login'>> {
  switch (target.kind) {
    case 'taurusdb-root':
      return [{ id: target.name, kind: 'taurusdb-root', userName: 'root' }];
    case 'taurusdb-db-user':
      return [{ id: target.name, kind: 'taurusdb-db-user', userName: target.user!, host: target.host ?? '%' }];
    case 'taurusdb-db-users':
      return target.users!.map(({ user, host = '%' }) => ({
        id: `${target.name}/${user}@${host}`,
        kind: 'taurusdb-db-user' as const,
        userName: user,
        host,
      }));
    case 'oceanbase-tenant-user':
      return [{ id: target.name, kind: target.kind, userName: target.user!, tenantId: target.tenantId! }];
    default:
      return [{ id: target.name, kind: target.kind, userName: target.user! }];
  }
}

export function expandTargets(plan: Plan): PlannedAccount[] {
  return plan.targets.flatMap((target, targetIndex) => {
    const login = loginAddress(target.verify);
    const period = target.period ?? plan.period;
    return targetAccounts(target).map((account) => ({
      ref: {
        ...account,
        target: target.name,
        cloud: cloudOf(target.kind),
        instanceId: target.instanceId,
        ...(login ? { login } : {}),
      },
      connection: target.connection,
      targetIndex,
      periodMs: period === undefined ? undefined : parseDuration(period),
      manual: target.manual ?? false,
      // A plan given as data may hold `length: undefined`: absent, like a key never written.
      password: {
        ...(target.password?.length === undefined ? {} : { length: target.password.length }),
        ...(target.password?.exclude === undefined ? {} : { exclude: target.password.exclude }),
      },
      ...(target.verify.by === 'api' ? { apiOnlyReason: target.verify.reason } : {}),
    }));
  });
}

/** Same database account, whatever the target calls it: TaurusDB's root is the MySQL user `root@%` of its instance. */
export const accountIdentity = (ref: AccountRef): string =>
  [
    ref.cloud,
    ref.kind === 'taurusdb-root' ? 'taurusdb-db-user' : ref.kind,
    ref.instanceId,
    ref.tenantId ?? '',
    ref.userName,
    ref.kind === 'taurusdb-root' ? '%' : (ref.host ?? ''),
  ].join('/');
