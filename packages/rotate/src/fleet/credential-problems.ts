import type { PlannedAccount } from '../plan/expand-targets.js';
import type { Plan } from '../plan/plan.js';
import { missingVariables } from '../protocol/connection-clients.js';

/** One line per connection whose credential variables are not set, naming the targets that use it. */
export function credentialProblems(
  plan: Plan,
  accounts: readonly PlannedAccount[],
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  return [...new Set(accounts.map((account) => account.connection))].flatMap((name) => {
    const missing = missingVariables(plan.connections[name]!, env);
    if (missing.length === 0) return [];
    const targets = [
      ...new Set(accounts.filter((account) => account.connection === name).map((account) => account.ref.target)),
    ];
    return [
      `target ${targets.join(', ')}: connection "${name}" needs the environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} not set`,
    ];
  });
}
