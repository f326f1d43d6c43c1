import { tryClickHouseLogin } from './clickhouse-login.js';
import type { LoginTarget } from './login-target.js';
import { tryMysqlLogin } from './mysql-login.js';

/**
 * Resolves a host name as `dns.lookup` does (which fits it), in the shape `net.connect` calls it with. Declared here
 * so that the declarations need no @types/node.
 */
export type HostLookup = (
  hostname: string,
  options: { readonly family?: number | 'IPv4' | 'IPv6' | undefined; readonly all?: boolean | undefined },
  callback: (
    error: Error | null,
    address: string | Array<{ address: string; family: number }>,
    family?: number,
  ) => void,
) => void;

/** 'refused' only for a definite authentication refusal; anything else is a typed error. */
export type LoginOutcome = 'accepted' | 'refused';

export interface LoginAttemptOptions {
  /** Per attempt: connect plus login (default 5,000 ms). */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /**
   * Resolves the target's host name (default: the system's, `dns.lookup`). Whatever the name, the loopback
   * default (no TLS) applies only when the address connected to is loopback.
   */
  readonly lookup?: HostLookup | undefined;
}

/** One attempt's outcome, and whether it went over TLS (decided once the address connected to is known). */
export interface LoginAttempt {
  readonly outcome: LoginOutcome;
  readonly tls: boolean;
}

export function attemptLogin(
  target: LoginTarget,
  password: string,
  options: LoginAttemptOptions,
): Promise<LoginAttempt> {
  return target.protocol === 'mysql'
    ? tryMysqlLogin(target, password, options)
    : tryClickHouseLogin(target, password, options);
}

/**
 * Tries one login with a password. Throws LoginImpossibleError, EngineUnreachableError, TlsError,
 * UnsafeAuthPluginError or EngineError otherwise.
 */
export async function tryLogin(
  target: LoginTarget,
  password: string,
  options: Partial<LoginAttemptOptions> = {},
): Promise<LoginOutcome> {
  const attempt = {
    timeoutMs: options.timeoutMs ?? 5_000,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.lookup ? { lookup: options.lookup } : {}),
  };
  return (await attemptLogin(target, password, attempt)).outcome;
}
