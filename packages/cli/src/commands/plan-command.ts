import { checkReadiness, describeStore, loadPlan, previewRotation, type ReadinessCheck } from '@dbpass/rotate';
import { openAuditLog } from '../audit-log.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { loadLoginChecker } from '../load-login-checker.js';
import { openStore } from '../open-store.js';
import { printableIo } from '../printable.js';
import { reportError } from '../report-error.js';

/**
 * Dry run: what would rotate and why, plan and credential problems, whether the store opens. Sends nothing.
 * Everything printed passes through `printableIo`: ids come from the plan and the store, problems and checks carry
 * what servers and stores said.
 */
export async function planCommand(
  options: { plan: string; json: boolean; due: boolean; only?: readonly string[]; check?: boolean },
  terminal: CliIo,
): Promise<number> {
  const io = printableIo(terminal, options.json);
  try {
    const plan = await loadPlan(options.plan);
    const store = await openStore(plan, io.env);
    const setupProblems: string[] = [];
    const checker = await loadLoginChecker(plan).catch((error: unknown) => {
      setupProblems.push((error as Error).message);
      return undefined;
    });
    await openAuditLog(plan.audit, io.stderr).catch((error: unknown) => setupProblems.push((error as Error).message));
    const hasLoginChecker = checker !== undefined || setupProblems.length > 0;
    const preview = await previewRotation({
      plan,
      store,
      ...(options.only ? { only: options.only } : {}),
      due: options.due,
      env: io.env,
      hasLoginChecker,
    });
    for (const account of preview.accounts) {
      io.stdout(
        options.json
          ? `${JSON.stringify({ type: 'account', ...account })}\n`
          : `${account.action.padEnd(7)} ${account.account} (${account.kind}): ${account.reason}; verify by ${account.verify}; new password: ${account.policy}\n`,
      );
    }
    const problems = [...setupProblems, ...preview.problems];
    for (const problem of problems) {
      if (options.json) io.stdout(`${JSON.stringify({ type: 'problem', message: problem })}\n`);
      io.stderr(`dbpass plan: ${problem}\n`);
    }
    if (!options.json)
      io.stdout(
        `${describeStore(plan.store)}: ${'file' in plan.store ? 'opens and decrypts' : 'reachable, credentials accepted'}\n`,
      );
    const checks: readonly ReadinessCheck[] = options.check
      ? await checkReadiness({
          plan,
          store,
          ...(checker ? { checker } : {}),
          ...(options.only ? { only: options.only } : {}),
          env: io.env,
        })
      : [];
    for (const check of checks)
      io.stdout(
        options.json
          ? `${JSON.stringify({ type: 'check', ...check })}\n`
          : `${check.ok ? 'ok  ' : 'FAIL'} ${check.subject}: ${check.message}\n`,
      );
    return problems.length > 0 || checks.some((check) => !check.ok) ? EXIT_CODES.usage : EXIT_CODES.ok;
  } catch (error) {
    return reportError(error, io, options.json);
  }
}
