import { randomUUID } from 'node:crypto';
import type { AccountRef } from './account-ref.js';

export type LoginOutcome = 'accepted' | 'refused';

/** How long one login may take, and what cancels it. */
export interface TryLoginOptions {
  readonly signal?: AbortSignal | undefined;
  readonly deadlineMs?: number | undefined;
}

/**
 * The port the protocol proves passwords through. `createVerifyLoginChecker()` from `@dbpass/rotate/verify` is the
 * one that logs in (MySQL protocol and ClickHouse HTTP, through `@dbpass/verify`); write your own to log in another
 * way (a bastion, a sidecar).
 */
export interface LoginChecker {
  /** Tries one login; 'refused' only for a definite authentication refusal; throws for anything else (unreachable, TLS, timeout). */
  tryLogin(account: AccountRef, password: string, options?: TryLoginOptions): Promise<LoginOutcome>;
}

/**
 * Logs in with CURRENT before anything is sent; without a CURRENT (an account reset with --init), with a throwaway
 * password, whose refusal (`reached`) proves at least that the verifier reaches the database. Throws what the
 * checker throws (unreachable, TLS, timeout).
 */
export async function loginWithCurrent(
  login: (password: string) => Promise<LoginOutcome>,
  current: string | undefined,
): Promise<LoginOutcome | 'reached'> {
  if (current !== undefined) return login(current);
  await login(`dbpass-throwaway-${randomUUID()}`);
  return 'reached';
}
