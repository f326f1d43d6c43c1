import { oceanBaseService } from '@dbpass/client-oceanbase';
import { taurusDbService } from '@dbpass/client-taurusdb';
import { checkEndpoint, resolveBaseUrl } from '@dbpass/core/guards';
import {
  type ConnectionSpec,
  checkReadiness,
  describeStore,
  loadPlan,
  type Plan,
  previewRotation,
  type ReadinessCheck,
} from '@dbpass/rotate';
import { openAuditLog } from '../audit-log.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { loadLoginChecker } from '../load-login-checker.js';
import { openStore } from '../open-store.js';
import { printableIo } from '../printable.js';
import { reportError } from '../report-error.js';

/** The API host a connection calls, resolved as the clients resolve it: its `endpoint`, else its `region`'s host. */
export interface ConnectionHost {
  readonly connection: string;
  readonly cloud: ConnectionSpec['cloud'];
  /** `https://gaussdb.cn-north-4.myhuaweicloud.com`, `http://127.0.0.1:8080`; absent when it cannot be resolved. */
  readonly apiHost?: string;
  /** What it was resolved from: the plan's `endpoint`, or its `region`. */
  readonly endpoint?: string;
  readonly region?: string;
  readonly problem?: string;
}

export function connectionHost(connection: string, spec: ConnectionSpec): ConnectionHost {
  const from = spec.endpoint ? { endpoint: spec.endpoint } : { region: spec.region ?? '' };
  try {
    const url = spec.endpoint
      ? checkEndpoint(spec.endpoint)
      : resolveBaseUrl(spec.cloud === 'huawei' ? taurusDbService : oceanBaseService, spec.region ?? '');
    return { connection, cloud: spec.cloud, apiHost: url.origin, ...from };
  } catch (error) {
    return {
      connection,
      cloud: spec.cloud,
      ...from,
      problem: `connection "${connection}": ${(error as Error).message}`,
    };
  }
}

/** The connections of the selected targets, in the plan's order. */
function selectedConnections(plan: Plan, targets: ReadonlySet<string>): ConnectionHost[] {
  const used = new Set(plan.targets.filter((target) => targets.has(target.name)).map((target) => target.connection));
  return Object.entries(plan.connections)
    .filter(([name]) => used.has(name))
    .map(([name, spec]) => connectionHost(name, spec));
}

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
    const connections = selectedConnections(plan, new Set(preview.accounts.map((account) => account.target)));
    for (const { problem, ...connection } of connections)
      io.stdout(
        options.json
          ? `${JSON.stringify({ type: 'connection', ...connection })}\n`
          : `connection ${connection.connection} (${connection.cloud}): API host ${connection.apiHost ?? 'unresolved'} (${connection.endpoint === undefined ? `region ${connection.region}` : 'endpoint'})\n`,
      );
    for (const account of preview.accounts) {
      io.stdout(
        options.json
          ? `${JSON.stringify({ type: 'account', ...account })}\n`
          : `${account.action.padEnd(7)} ${account.account} (${account.kind}): ${account.reason}; verify by ${account.verify}; new password: ${account.policy}\n`,
      );
    }
    const problems = [
      ...setupProblems,
      ...connections.flatMap((connection) => (connection.problem ? [connection.problem] : [])),
      ...preview.problems,
    ];
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
