import type { Accounts } from '../../secret-store/document-store.js';
import { ownRecord, ownValue, setOwn } from '../../secret-store/own-record.js';
import { type SecretVersion, STAGES, type Stage, stagesOf } from '../../secret-store/secret-store.js';
import {
  currentUsername,
  joinPasswords,
  type StagePasswords,
  splitPasswords,
} from '../../secret-store/staged-passwords.js';
import { StoreUnavailableError } from '../../secret-store/store-errors.js';
import { currentKey, stageKey } from './data-keys.js';

/** A Secret as the API server returns it; every field not named here is carried through a write untouched. */
export interface SecretObject {
  readonly [field: string]: unknown;
  apiVersion: 'v1';
  kind: 'Secret';
  type?: string;
  metadata: {
    readonly [field: string]: unknown;
    name: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  data?: Record<string, string>;
}

/** The versions' metadata (ids, dates, evidence, never a password) per account id: the mark of a Secret dbpass keeps. */
export const VERSIONS = 'dbpass/versions';
const MANAGED_BY = 'app.kubernetes.io/managed-by';

const decode = (value: string | undefined) =>
  value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');

const annotation = (secret: SecretObject | undefined, name: string) => ownValue(secret?.metadata.annotations, name);
/** A data key's value; account and key names come from plans, so never one every object inherits. */
const dataOf = (data: Record<string, string> | undefined, key: string) => ownValue(data, key);

export const keepsAccounts = (secret: SecretObject): boolean => annotation(secret, VERSIONS) !== undefined;

function versionsMeta(secret: SecretObject | undefined): Record<string, SecretVersion[]> {
  const text = annotation(secret, VERSIONS);
  if (text === undefined) return ownRecord();
  try {
    return ownRecord(JSON.parse(text) as Record<string, SecretVersion[]>);
  } catch {
    throw new StoreUnavailableError(
      `kubernetes store: the ${VERSIONS} annotation of Secret ${secret?.metadata.name} is not valid JSON; restore it from the Secret's history`,
    );
  }
}

/** Every account dbpass keeps in the Secret, with the passwords of its stages read from their data keys. */
export function readAccounts(secret: SecretObject, base: string): Accounts {
  return ownRecord(
    Object.fromEntries(
      Object.entries(versionsMeta(secret)).map(([accountId, versions]) => {
        const key = currentKey(accountId, base);
        const passwords: StagePasswords = {};
        for (const stage of STAGES) {
          const value = decode(dataOf(secret.data, stageKey(key, stage)));
          if (value !== undefined) passwords[stage] = value;
        }
        return [accountId, joinPasswords(versions, passwords)] as const;
      }),
    ),
  );
}

/** What an application that mounts the account's data key reads, whether dbpass keeps the account or not. */
export const applicationPassword = (secret: SecretObject | undefined, accountId: string, base: string) =>
  decode(dataOf(secret?.data, currentKey(accountId, base)));

/** The user name applications read beside the password (the `alternating` strategy's pair), if the Secret has one. */
export const applicationUsername = (secret: SecretObject | undefined, accountId: string, keys: DataKeys) =>
  decode(dataOf(secret?.data, currentKey(accountId, keys.username)));

/** The base names of the data keys applications read: the password's (`password`) and its user's (`username`). */
export interface DataKeys {
  readonly password: string;
  readonly username: string;
}

const ownedKeys = (accountId: string, keys: DataKeys) => [
  ...STAGES.map((stage) => stageKey(currentKey(accountId, keys.password), stage)),
  currentKey(accountId, keys.username),
];

/** Two accounts in one Secret must never share a key: each rotation would overwrite the other's password. */
function refuseSharedKeys(name: string, accountIds: readonly string[], keys: DataKeys): void {
  const owner = new Map<string, string>();
  for (const accountId of accountIds)
    for (const key of ownedKeys(accountId, keys)) {
      const other = owner.get(key);
      if (other !== undefined && other !== accountId)
        throw new StoreUnavailableError(
          `kubernetes store: accounts ${other} and ${accountId} would both keep data key ${key} of Secret ${name}; nothing was written. Give one of their targets its own Secret (store.kubernetes.secrets)`,
        );
      owner.set(key, accountId);
    }
}

/**
 * Sets or removes one account's stage keys. A key is removed only for a stage the account had when the Secret was
 * read (dbpass wrote it), so a key of an account it did not keep yet is never deleted; an unchanged password keeps
 * its bytes as read.
 */
function writeStageKeys(
  data: Record<string, string>,
  current: string,
  passwords: StagePasswords,
  heldStages: ReadonlySet<Stage>,
): void {
  for (const stage of STAGES) {
    const key = stageKey(current, stage);
    const password = passwords[stage];
    if (password === undefined) {
      if (heldStages.has(stage)) delete data[key];
    } else if (decode(dataOf(data, key)) !== password) setOwn(data, key, encode(password));
  }
}

/** dbpass's label goes only on a Secret no other tool (Helm, Argo CD) claims. */
const withManagedBy = (labels: Record<string, string> | undefined): Record<string, string> =>
  ownValue(labels, MANAGED_BY) === undefined ? { ...labels, [MANAGED_BY]: 'dbpass' } : { ...labels };

/**
 * The Secret to write: `existing` as read, with only what dbpass owns changed (the stage keys of the accounts it
 * keeps, the versions annotation, its managed-by label where there is none); every other key, label, annotation,
 * field and the type stay byte for byte. `before` is what the read Secret held, `after` the accounts to write.
 */
export function withAccounts(
  name: string,
  existing: SecretObject | undefined,
  before: Accounts,
  after: Accounts,
  keys: DataKeys,
): SecretObject {
  const data = ownRecord(existing?.data ?? {});
  const meta = versionsMeta(existing);
  const written = Object.entries(after).filter(([, versions]) => versions.length > 0);
  refuseSharedKeys(name, [...new Set([...Object.keys(meta), ...written.map(([accountId]) => accountId)])], keys);
  for (const [accountId, versions] of written) {
    const { meta: versionsOnly, passwords } = splitPasswords(versions);
    writeStageKeys(data, currentKey(accountId, keys.password), passwords, stagesOf(ownValue(before, accountId)));
    // In the same write as the password: a pod never mounts one user's name with the other user's password.
    const username = currentUsername(versions);
    const usernameKey = currentKey(accountId, keys.username);
    if (username !== undefined && decode(dataOf(data, usernameKey)) !== username)
      setOwn(data, usernameKey, encode(username));
    setOwn(meta, accountId, versionsOnly);
  }
  return {
    ...existing,
    apiVersion: 'v1',
    kind: 'Secret',
    type: existing?.type ?? 'Opaque',
    metadata: {
      ...existing?.metadata,
      name,
      labels: withManagedBy(existing?.metadata.labels),
      annotations: { ...existing?.metadata.annotations, [VERSIONS]: JSON.stringify(meta) },
    },
    data,
  };
}
