import type { AccountRef } from './account-ref.js';

export type LoginOutcome = 'accepted' | 'refused';

/** The port the protocol proves passwords through; `@dbpass/verify` provides MySQL-protocol and ClickHouse HTTP adapters. */
export interface LoginChecker {
  /** Tries one login; 'refused' only for a definite authentication refusal; throws for anything else (unreachable, TLS, timeout). */
  tryLogin(
    account: AccountRef,
    password: string,
    options?: { signal?: AbortSignal; deadlineMs?: number },
  ): Promise<LoginOutcome>;
}
