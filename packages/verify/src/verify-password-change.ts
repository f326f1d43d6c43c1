import { setTimeout as sleep } from 'node:timers/promises';
import { VerificationFailedError } from './errors.js';
import { attemptLogin, type LoginAttempt, type LoginAttemptOptions } from './login.js';
import { describeTarget, type LoginTarget } from './login-target.js';

export interface VerifyOptions {
  /** How long to keep trying while a change takes time to show (ClickHouse reloads its users every ~2 s). Default 15,000 ms. */
  readonly deadlineMs?: number | undefined;
  /** Between polls (default 250 ms). */
  readonly intervalMs?: number | undefined;
  /** Per login attempt (default 5,000 ms). */
  readonly attemptTimeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Resolves the target's host name (default: the system's); see LoginAttemptOptions. */
  readonly lookup?: LoginAttemptOptions['lookup'] | undefined;
}

/** What a verification proved, safe to store and print: no password in it. */
export interface LoginEvidence {
  readonly method: 'login';
  readonly protocol: LoginTarget['protocol'];
  readonly address: string;
  readonly user: string;
  readonly accountHost?: string;
  /** Set when the login claimed a client address through the PROXY protocol (the twin only). */
  readonly via?: 'proxy-protocol';
  /** Whether the logins went over TLS (the default decided by the address connected to). */
  readonly tls: boolean;
  readonly newPasswordAccepted: true;
  /** `undefined` when no old password was given to check. */
  readonly oldPasswordRefused: true | undefined;
  readonly attempts: number;
  readonly elapsedMs: number;
  readonly verifiedAt: string;
}

/**
 * Proves a change by logging in: the new password is accepted and the old one (if given) refused, polling
 * until both hold or the deadline passes (VerificationFailedError). Unreachable engines, TLS failures and
 * logins impossible from here are thrown at once, as typed errors.
 */
export async function verifyPasswordChange(
  target: LoginTarget,
  passwords: { newPassword: string; oldPassword?: string },
  options: VerifyOptions = {},
): Promise<LoginEvidence> {
  const started = Date.now();
  const deadline = started + (options.deadlineMs ?? 15_000);
  const attempt = {
    timeoutMs: options.attemptTimeoutMs ?? 5_000,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.lookup ? { lookup: options.lookup } : {}),
  };
  let attempts = 0;
  let newLogin: LoginAttempt;
  for (;;) {
    attempts += 1;
    newLogin = await attemptLogin(target, passwords.newPassword, attempt);
    const newOutcome = newLogin.outcome;
    const oldOutcome =
      newOutcome === 'accepted' && passwords.oldPassword !== undefined
        ? (await attemptLogin(target, passwords.oldPassword, attempt)).outcome
        : undefined;
    const proven = newOutcome === 'accepted' && (passwords.oldPassword === undefined || oldOutcome === 'refused');
    if (proven) break;
    if (Date.now() + (options.intervalMs ?? 250) > deadline) {
      const what = newOutcome !== 'accepted' ? 'the new password was refused' : 'the old password was still accepted';
      throw new VerificationFailedError(
        `${describeTarget(target)}: ${what} after ${attempts} attempts in ${Date.now() - started} ms`,
        newOutcome === 'accepted',
        oldOutcome === undefined ? undefined : oldOutcome === 'refused',
        attempts,
      );
    }
    await sleep(options.intervalMs ?? 250, undefined, options.signal ? { signal: options.signal } : {});
  }
  return {
    method: 'login',
    protocol: target.protocol,
    address: `${target.host}:${target.port}`,
    user: target.user,
    ...(target.protocol === 'mysql' && target.accountHost ? { accountHost: target.accountHost } : {}),
    ...(target.protocol === 'mysql' && target.proxySource ? { via: 'proxy-protocol' as const } : {}),
    tls: newLogin.tls,
    newPasswordAccepted: true,
    oldPasswordRefused: passwords.oldPassword === undefined ? undefined : true,
    attempts,
    elapsedMs: Date.now() - started,
    verifiedAt: new Date().toISOString(),
  };
}
