import { passwordPolicies } from '@dbpass/client-taurusdb';
import { type PasswordPolicy, type PolicyViolation, validatePassword } from '@dbpass/core';
import type { JobFault } from '../faults.js';
import type { Reply } from '../http.js';
import type { EmulatorState, HuaweiInstance, HuaweiInstanceKind } from '../state.js';
import { huaweiError } from './replies.js';

export interface HuaweiCall {
  readonly operationId: string;
  readonly path: Record<string, string>;
  readonly query: URLSearchParams;
  /** The query parameters the spec declares, converted to their declared types (defaults not filled in). */
  readonly params: Readonly<Record<string, unknown>>;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON body; each handler reads the fields of its operation
  readonly body: any;
  readonly now: number;
}

export interface JobTiming {
  /** How long a new job answers "does not exist" (the real service: several seconds). */
  readonly jobVisibleAfterMs: number;
  /** How long a job runs before it completes. */
  readonly jobDurationMs: number;
  /** Passwords whose job fails, for tests of the failure path. */
  readonly failingPasswords?: ReadonlySet<string>;
  /** How an injected fault changes this request's job. */
  readonly job?: JobFault;
}

/** The first failure as the cloud reports it: the user-name rules have their own codes. */
export function policyError(violations: readonly PolicyViolation[]): Reply | undefined {
  const [first] = violations;
  if (!first) return undefined;
  if (violations.some((violation) => violation.rule === 'password.same-as-user-name'))
    return huaweiError(400, 'DBS.05000006', 'The username and password must be different.');
  if (violations.some((violation) => violation.rule === 'password.reversed-user-name'))
    return huaweiError(400, 'DBS.05000007', 'The password cannot be the username spelled backwards.');
  return huaweiError(400, 'DBS.280001', `Parameter error: the password ${first.message}.`);
}

/** The policy's violations for this password, as the cloud reports the first one. */
export function passwordError(
  operationId: keyof typeof passwordPolicies,
  field: string,
  password: string,
  userName?: string,
): Reply | undefined {
  const policy = (passwordPolicies[operationId] as Record<string, PasswordPolicy>)[field]!;
  return policyError(validatePassword(policy, password, userName === undefined ? {} : { userName }));
}

export const notFound = () => huaweiError(404, 'DBS.200002', 'The DB instance does not exist.');
export const userNotFound = () => huaweiError(400, 'DBS.200824', 'The database account does not exist.');
export const databaseNotFound = (name: string) =>
  huaweiError(400, 'DBS.200823', `The database does not exist: ${name}.`);
export const userExists = () => huaweiError(409, 'DBS.200827', 'The database user already exists.');
export const builtInUser = () =>
  huaweiError(409, 'DBS.200828', 'You are not allowed to create a database built-in account.');
export const parameterError = (detail: string) => huaweiError(400, 'DBS.280001', `Parameter error: ${detail}`);

export function instanceFor(
  state: EmulatorState,
  call: HuaweiCall,
  kind: HuaweiInstanceKind,
): HuaweiInstance | undefined {
  const instance = state.huaweiInstances.get(call.path.instance_id ?? '');
  return instance && instance.kind === kind && instance.projectId === call.path.project_id ? instance : undefined;
}

/** One page of a list: `offset` items skipped, at most `limit`. */
export const page = <T>(items: readonly T[], offset: number, limit: number): T[] => items.slice(offset, offset + limit);
