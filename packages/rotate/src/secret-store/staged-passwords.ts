import type { SecretVersion, Stage } from './secret-store.js';

/** The passwords of one account by stage: what a remote store keeps where plain clients read it. */
export type StagePasswords = Partial<Record<Stage, string>>;

/** Versions without their passwords (kept as metadata) and the passwords by stage (kept as readable fields). */
export function splitPasswords(versions: readonly SecretVersion[]): {
  meta: SecretVersion[];
  passwords: StagePasswords;
} {
  const passwords: StagePasswords = {};
  const meta = versions.map(({ password, ...rest }) => {
    const stage = rest.stages[0];
    if (stage && password !== undefined) passwords[stage] = password;
    return rest;
  });
  return { meta, passwords };
}

export function joinPasswords(meta: readonly SecretVersion[], passwords: StagePasswords): SecretVersion[] {
  return meta.map((version) => {
    const password = version.stages[0] ? passwords[version.stages[0]] : undefined;
    return password === undefined ? version : { ...version, password };
  });
}

/** The user CURRENT's password belongs to, when the account's versions name one (the `alternating` strategy). */
export const currentUsername = (versions: readonly SecretVersion[]): string | undefined =>
  versions.find((version) => version.stages.includes('CURRENT'))?.username;
