import { text as readText } from 'node:stream/consumers';
import { adopt, loadPlan, RotationSetupError } from '@dbpass/rotate';
import { type AuditLog, openAuditLog } from '../audit-log.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { loadLoginChecker } from '../load-login-checker.js';
import { openStore } from '../open-store.js';
import { printableIo } from '../printable.js';
import { reportError } from '../report-error.js';

export interface AdoptCommandOptions {
  readonly plan: string;
  readonly json: boolean;
  readonly only?: readonly string[];
  readonly fromStdin: boolean;
  readonly fromEnv?: string;
  readonly trust: boolean;
  readonly wait?: number;
  readonly audit?: string;
}

/** The password given on stdin (its last line break dropped) or in an environment variable, if any. */
async function givenPassword(options: AdoptCommandOptions, io: CliIo): Promise<string | undefined> {
  if (options.fromStdin && options.fromEnv) throw new RotationSetupError('give --from-stdin or --from-env, not both');
  if (options.fromEnv) {
    const value = io.env[options.fromEnv];
    if (!value) throw new RotationSetupError(`--from-env: the environment variable ${options.fromEnv} is not set`);
    return value;
  }
  if (!options.fromStdin) return undefined;
  const text = (await readText(process.stdin)).replace(/\r?\n$/, '');
  if (!text) throw new RotationSetupError('--from-stdin: stdin held no password');
  return text;
}

/**
 * `dbpass adopt`: records the passwords applications use as CURRENT, each proven by login; the database is not
 * touched. Everything printed passes through `printableIo` (results and errors carry what servers and stores said).
 */
export async function adoptCommand(options: AdoptCommandOptions, terminal: CliIo): Promise<number> {
  const io = printableIo(terminal, options.json);
  let audit: AuditLog = () => {};
  try {
    const password = await givenPassword(options, io);
    const plan = await loadPlan(options.plan);
    audit = await openAuditLog(options.audit ?? plan.audit, io.stderr);
    audit({
      type: 'run',
      command: 'adopt',
      time: new Date().toISOString(),
      pid: process.pid,
      only: options.only ?? [],
    });
    const store = await openStore(plan, io.env);
    const checker = await loadLoginChecker(plan);
    const summary = await adopt({
      plan,
      store,
      checker,
      ...(options.only ? { only: options.only } : {}),
      ...(password === undefined ? {} : { password }),
      trust: options.trust,
      ...(options.wait !== undefined ? { lockWaitMs: options.wait * 1000 } : {}),
      onEvent: (event) => {
        audit({ type: 'event', ...event });
        if (options.json) io.stdout(`${JSON.stringify({ type: 'event', ...event })}\n`);
      },
    });
    audit({ type: 'end', time: new Date().toISOString(), counts: summary.counts });
    if (options.json) io.stdout(`${JSON.stringify({ type: 'summary', ...summary })}\n`);
    else {
      for (const result of summary.results)
        io.stdout(`${result.outcome.padEnd(8)} ${result.account}: ${result.message}\n`);
      io.stdout(
        `${summary.results.length} accounts: ${summary.counts.adopted} adopted, ${summary.counts.managed} already managed, ${summary.counts.refused} not adopted\n`,
      );
    }
    for (const warning of summary.warnings ?? []) io.stderr(`dbpass: warning: ${warning}\n`);
    return summary.counts.refused > 0 ? EXIT_CODES.someFailed : EXIT_CODES.ok;
  } catch (error) {
    const code = reportError(error, io, options.json);
    audit({ type: 'end', time: new Date().toISOString(), error: (error as Error).name, exitCode: code });
    return code;
  }
}
