import type { AccountRef, LoginAddress } from '../account-ref.js';
import { kindOf, targetFormOf } from '../kinds/registry.js';
import { parseDuration } from './duration.js';
import type { Plan, VerifySpec } from './plan.js';

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

/** A twin's name when the plan gives none. */
export const defaultTwin = (userName: string): string => `${userName}_clone`;

/** The plan's accounts: one per target, or one per user of a target of several, as its kind reads its form. */
export function expandTargets(plan: Plan): PlannedAccount[] {
  return plan.targets.flatMap((target, targetIndex) => {
    const { kind, form } = targetFormOf(target);
    const login = loginAddress(target.verify);
    const period = target.period ?? plan.period;
    // The form was found by the target's own `kind:`, so the target has that form's shape.
    const alternating = target.strategy === 'alternating';
    return form.accounts(target as never).map(({ id, twin, ...account }) => ({
      ref: {
        id,
        kind: kind.kind,
        ...account,
        ...(alternating ? { twin: twin ?? target.twin ?? defaultTwin(account.userName) } : {}),
        target: target.name,
        cloud: kind.cloud,
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

/** Same database account, whatever the target calls it (its kind knows: TaurusDB's root is the user `root@%`). */
export const accountIdentity = (ref: AccountRef): string => kindOf(ref).identity(ref);
