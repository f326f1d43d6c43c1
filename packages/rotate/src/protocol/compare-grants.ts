import type { UserPrivileges } from '../kinds/account-kind.js';

/** Two users' privileges are the same when their canonical grant lines are. */
export const sameGrants = (a: UserPrivileges, b: UserPrivileges): boolean =>
  a.grants.length === b.grants.length && a.grants.every((line, index) => line === b.grants[index]);

/** What `copy` lacks and has beyond `original`, in words (grant lines name databases and levels, never secrets). */
export function diffGrants(original: UserPrivileges, copy: UserPrivileges | undefined): string {
  const have = new Set(copy?.grants ?? []);
  const want = new Set(original.grants);
  const missing = original.grants.filter((line) => !have.has(line));
  const extra = (copy?.grants ?? []).filter((line) => !want.has(line));
  return [
    missing.length > 0 ? `missing ${missing.join(', ')}` : '',
    extra.length > 0 ? `extra ${extra.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
