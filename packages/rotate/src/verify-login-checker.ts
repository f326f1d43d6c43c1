import { readFile } from 'node:fs/promises';
import type { LoginTarget, TlsOptions } from '@dbpass/verify';
import pLimit, { type LimitFunction } from 'p-limit';
import type { AccountRef, TlsSettings } from './account-ref.js';
import { kindOf } from './kinds/registry.js';
import type { LoginChecker } from './login-checker.js';

type Verify = typeof import('@dbpass/verify');

const CHECK_OF: Record<TlsSettings['mode'], TlsOptions['check']> = {
  disabled: undefined,
  required: 'none',
  'verify-ca': 'ca',
  'verify-full': 'full',
};

async function tlsOptions(settings: TlsSettings | undefined): Promise<TlsOptions | false | undefined> {
  if (!settings) return undefined;
  if (settings.mode === 'disabled') return false;
  const check = CHECK_OF[settings.mode];
  return {
    ...(check ? { check } : {}),
    ...(settings.caFile ? { ca: await readFile(settings.caFile) } : {}),
    ...(settings.serverName ? { servername: settings.serverName } : {}),
  };
}

/** The verifier's login target for an account: the plan's address and TLS, the kind's protocol and login name. */
export async function loginTargetFor(verify: Verify, account: AccountRef): Promise<LoginTarget> {
  const login = account.login;
  if (!login) throw new Error(`${account.id}: the plan gives no login address (verify: by: api)`);
  const tls = await tlsOptions(login.tls);
  const { protocol, ...as } = kindOf(account).loginAs(account, login, verify);
  return { protocol, host: login.host, port: login.port, ...(tls === undefined ? {} : { tls }), ...as };
}

/** Logins at once per database address: a fleet's job completing for 50 users must not open 100 connections. */
export const LOGINS_PER_ADDRESS = 4;

export interface VerifyLoginCheckerOptions {
  /** Logins at once per database address (default 4). */
  readonly loginsPerAddress?: number | undefined;
}

/**
 * The login checker that logs in: `rotate({ checker })`, `adopt({ checker })` and the CLI use it to prove passwords
 * over the MySQL protocol (TaurusDB, StarRocks, OceanBase, through mysql2) and ClickHouse HTTP, with the plan's
 * address and TLS settings. Needs `@dbpass/verify` and its driver `mysql2` (optional peers): `npm install @dbpass/verify mysql2`. Logins the
 * verifier finds impossible from here (a host-restricted account) are errors, never refusals.
 */
export async function createVerifyLoginChecker(options: VerifyLoginCheckerOptions = {}): Promise<LoginChecker> {
  const verify = await import('@dbpass/verify').catch((error: unknown) => {
    // @dbpass/verify may be there without its MySQL driver, an optional peer: name the one that is missing.
    const driverMissing = /Cannot find (?:package|module) 'mysql2/.test(String((error as Error)?.message));
    throw new Error(
      driverMissing
        ? 'logging in to prove a password needs the MySQL driver mysql2 beside @dbpass/verify: npm install mysql2 (or verify: { by: api } in the plan)'
        : 'logging in to prove a password needs @dbpass/verify and its MySQL driver: npm install @dbpass/verify mysql2 (or verify: { by: api } in the plan)',
    );
  });
  const limits = new Map<string, LimitFunction>();
  const limitFor = (address: string) => {
    let limit = limits.get(address);
    if (!limit) {
      limit = pLimit(options.loginsPerAddress ?? LOGINS_PER_ADDRESS);
      limits.set(address, limit);
    }
    return limit;
  };
  return {
    async tryLogin(account, password, attempt = {}) {
      const target = await loginTargetFor(verify, account);
      const settings = {
        ...(attempt.signal ? { signal: attempt.signal } : {}),
        ...(attempt.deadlineMs ? { timeoutMs: attempt.deadlineMs } : {}),
      };
      return limitFor(`${target.host}:${target.port}`)(() => verify.tryLogin(target, password, settings));
    },
  };
}
