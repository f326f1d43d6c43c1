import type { Stage } from '../../secret-store/secret-store.js';

const INVALID = /[^-._a-zA-Z0-9]/g;

/**
 * The data key of an account's CURRENT password in its target's Secret: `base` (default `password`) for a target of
 * one account, `<user>.<base>` (`<user>_<host>.<base>` for a host other than %) for one of several.
 */
export function currentKey(accountId: string, base: string): string {
  const slash = accountId.indexOf('/');
  if (slash < 0) return base;
  const [user, host] = accountId.slice(slash + 1).split(/@(?=[^@]*$)/) as [string, string | undefined];
  const name = host === undefined || host === '%' ? user : `${user}_${host.replace(/%/g, 'x')}`;
  return `${name.replace(INVALID, '_')}.${base}`;
}

/** CURRENT under the key applications mount; PENDING and PREVIOUS beside it, so that a run can resume. */
export const stageKey = (current: string, stage: Stage): string =>
  stage === 'CURRENT' ? current : `${current}.${stage.toLowerCase()}`;
