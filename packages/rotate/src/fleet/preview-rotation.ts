import type { PasswordPolicy } from '@dbpass/client-taurusdb';
import { kindOf } from '../kinds/registry.js';
import { expandTargets } from '../plan/expand-targets.js';
import type { Plan } from '../plan/plan.js';
import type { SecretStore } from '../secret-store/secret-store.js';
import { credentialProblems } from './credential-problems.js';
import { isDue, selectForRun } from './select-accounts.js';

export interface PreviewedAccount {
  readonly account: string;
  readonly target: string;
  readonly kind: string;
  /** `adopt`: the store holds no password for it; `rotate` refuses it until it is adopted (or run with --init). */
  readonly action: 'rotate' | 'resume' | 'skip' | 'adopt';
  readonly reason: string;
  readonly verify: string;
  /** The spec's policy the new password is generated from, in words. */
  readonly policy: string;
}

export interface Preview {
  readonly accounts: readonly PreviewedAccount[];
  /** Would stop a rotate before anything is sent. */
  readonly problems: readonly string[];
}

const describePolicy = (policy: PasswordPolicy, length: number | undefined) =>
  `${length ?? policy.maxLength} characters from ${policy.classes.join(', ')} (${policy.generate?.minClasses ?? policy.minClasses} classes at least)`;

/** What `rotate` would do, and why, without sending anything or writing the store. */
export async function previewRotation(options: {
  readonly plan: Plan;
  readonly store: SecretStore;
  readonly only?: readonly string[] | undefined;
  readonly due?: boolean | undefined;
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  readonly hasLoginChecker: boolean;
  readonly now?: Date | undefined;
}): Promise<Preview> {
  const now = options.now ?? new Date();
  const selected = await selectForRun(expandTargets(options.plan), options.only, options.store);
  const problems = credentialProblems(options.plan, selected, options.env ?? process.env);
  const byLogin = [...new Set(selected.filter((account) => account.ref.login).map((account) => account.ref.target))];
  if (byLogin.length > 0 && !options.hasLoginChecker)
    problems.push(`target ${byLogin.join(', ')}: verified by login, but no login verifier is configured`);
  const accounts: PreviewedAccount[] = [];
  for (const account of selected) {
    const pending = await options.store.read(account.ref.id, 'PENDING');
    const current = await options.store.read(account.ref.id, 'CURRENT');
    const due = isDue(account, current, now);
    const [action, reason]: [PreviewedAccount['action'], string] = pending
      ? ['resume', `a PENDING from an earlier run (${pending.createdAt}) is resumed`]
      : !current
        ? [
            'adopt',
            'no password in the store for it: `dbpass adopt` the one applications use (rotate --init would reset it)',
          ]
        : !options.due
          ? ['rotate', 'rotate without --due rotates every selected account']
          : due
            ? ['rotate', `CURRENT is from ${current.promotedAt}, older than its period`]
            : [
                'skip',
                account.periodMs === undefined
                  ? 'no period set'
                  : `CURRENT is from ${current.promotedAt}, within its period`,
              ];
    accounts.push({
      account: account.ref.id,
      target: account.ref.target,
      kind: account.ref.kind,
      action,
      reason,
      verify: account.ref.login
        ? `login at ${account.ref.login.host}:${account.ref.login.port} (TLS ${account.ref.login.tls?.mode ?? 'required except on loopback'})`
        : `API evidence only: ${account.apiOnlyReason}`,
      policy: describePolicy(kindOf(account.ref).policy, account.password.length),
    });
  }
  return { accounts, problems };
}
