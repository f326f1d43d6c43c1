import { tryClickHouseLogin } from './clickhouse-login.js';
import type { LoginTarget } from './login-target.js';
import { tryMysqlLogin } from './mysql-login.js';

/** 'refused' only for a definite authentication refusal; anything else is a typed error. */
export type LoginOutcome = 'accepted' | 'refused';

export interface LoginAttemptOptions {
  /** Per attempt: connect plus login (default 5,000 ms). */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** Tries one login with a password. Throws LoginImpossibleError, EngineUnreachableError, TlsError or EngineError otherwise. */
export function tryLogin(
  target: LoginTarget,
  password: string,
  options: Partial<LoginAttemptOptions> = {},
): Promise<LoginOutcome> {
  const attempt = { timeoutMs: options.timeoutMs ?? 5_000, ...(options.signal ? { signal: options.signal } : {}) };
  return target.protocol === 'mysql'
    ? tryMysqlLogin(target, password, attempt)
    : tryClickHouseLogin(target, password, attempt);
}
