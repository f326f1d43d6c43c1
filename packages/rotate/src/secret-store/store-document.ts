import { ownRecord, ownValue, setOwn } from './own-record.js';
import {
  AdoptionConflictError,
  PendingExistsError,
  type SecretVersion,
  type Stage,
  type VerificationEvidence,
  type VersionFields,
  type VersionNote,
} from './secret-store.js';

/** The plaintext a store keeps: versions per account id, newest last. */
export interface StoreDocument {
  readonly format: 'dbpass-store';
  readonly version: 1;
  /** Without a prototype (see `ownRecord`): read with `versionsOf`, written with `setVersions`. */
  readonly accounts: Record<string, SecretVersion[]>;
  /** The file store's fencing token: the lock holder that wrote it last (each holder one more than the one before). */
  readonly fencingToken?: number;
}

/** Versions without a stage kept per account, as history (their passwords are removed). */
const HISTORY = 2;

export const emptyDocument = (): StoreDocument => ({ format: 'dbpass-store', version: 1, accounts: ownRecord() });

/** A document as parsed from JSON, its accounts moved to a record without a prototype. */
export function normalizeDocument(parsed: StoreDocument): StoreDocument {
  return { ...parsed, accounts: ownRecord(parsed.accounts ?? {}) };
}

/** The account's versions, never a property every object inherits (`constructor`, `toString`). */
export const versionsOf = (document: StoreDocument, accountId: string): SecretVersion[] | undefined =>
  ownValue(document.accounts, accountId);

const setVersions = (document: StoreDocument, accountId: string, versions: SecretVersion[]): void =>
  setOwn(document.accounts, accountId, versions);

/** The version's `username` member, only when there is one (a version of the account's own user has none). */
export const withUsername = (fields: VersionFields): { username?: string } =>
  fields.username === undefined ? {} : { username: fields.username };

export function findStage(document: StoreDocument, accountId: string, stage: Stage): SecretVersion | undefined {
  return versionsOf(document, accountId)?.find((version) => version.stages.includes(stage));
}

export function addPending(
  document: StoreDocument,
  accountId: string,
  password: string,
  versionId: string,
  now: Date,
  fields: VersionFields = {},
): SecretVersion {
  if (findStage(document, accountId, 'PENDING')) throw new PendingExistsError(accountId);
  const version: SecretVersion = {
    versionId,
    ...withUsername(fields),
    password,
    stages: ['PENDING'],
    createdAt: now.toISOString(),
  };
  const versions = versionsOf(document, accountId) ?? [];
  versions.push(version);
  setVersions(document, accountId, versions);
  return version;
}

function pendingIndex(document: StoreDocument, accountId: string, versionId: string): number {
  const versions = versionsOf(document, accountId) ?? [];
  const index = versions.findIndex((version) => version.versionId === versionId && version.stages.includes('PENDING'));
  if (index < 0) throw new Error(`${accountId}: version ${versionId} is not PENDING`);
  return index;
}

export function notePending(document: StoreDocument, accountId: string, versionId: string, note: VersionNote): void {
  const index = pendingIndex(document, accountId, versionId);
  const versions = versionsOf(document, accountId)!;
  versions[index] = { ...versions[index]!, ...note };
}

const withoutPassword = ({ password: _dropped, ...rest }: SecretVersion): SecretVersion => rest;

/** Whether a version is known to log in: proven by login when it was promoted (or adopted), or from before evidence. */
export const provenByLogin = (version: SecretVersion): boolean =>
  version.evidence === undefined || version.evidence.method === 'login';

/**
 * On promotion, whether PREVIOUS stays where it is instead of taking the old CURRENT: when the old CURRENT has only
 * the API's or the operator's word and a PREVIOUS exists, that PREVIOUS may be the only password the engine
 * accepts, so it is kept and the unproven CURRENT is dropped.
 */
export const keepsPrevious = (oldCurrent: SecretVersion | undefined, hasPrevious: boolean): boolean =>
  hasPrevious && oldCurrent !== undefined && !provenByLogin(oldCurrent);

/** Records an adopted password as the account's first CURRENT; refuses an account that already has versions. */
export function adoptCurrent(
  document: StoreDocument,
  accountId: string,
  password: string,
  versionId: string,
  evidence: VerificationEvidence,
  now: Date,
  fields: VersionFields = {},
): SecretVersion {
  if ((versionsOf(document, accountId) ?? []).some((version) => version.stages.length > 0))
    throw new AdoptionConflictError(`${accountId}: dbpass already manages this account; nothing was adopted`);
  const at = now.toISOString();
  const version: SecretVersion = {
    versionId,
    ...withUsername(fields),
    password,
    stages: ['CURRENT'],
    createdAt: at,
    promotedAt: at,
    evidence: { ...evidence, adopted: true },
  };
  setVersions(document, accountId, [...(versionsOf(document, accountId) ?? []), version]);
  return version;
}

export function promotePending(
  document: StoreDocument,
  accountId: string,
  versionId: string,
  evidence: VerificationEvidence,
  now: Date,
): void {
  const index = pendingIndex(document, accountId, versionId);
  const at = now.toISOString();
  const versions = versionsOf(document, accountId)!;
  const keep = keepsPrevious(
    versions.find((version) => version.stages.includes('CURRENT')),
    versions.some((version) => version.stages.includes('PREVIOUS')),
  );
  const relabelled = versions.map((version, position): SecretVersion => {
    if (position === index) return { ...version, stages: ['CURRENT'], promotedAt: at, evidence };
    if (version.stages.includes('CURRENT'))
      return keep ? withoutPassword({ ...version, stages: [] }) : { ...version, stages: ['PREVIOUS'] };
    if (version.stages.includes('PREVIOUS') && !keep) return withoutPassword({ ...version, stages: [] });
    return version;
  });
  const staged = relabelled.filter((version) => version.stages.length > 0);
  const history = relabelled.filter((version) => version.stages.length === 0).slice(-HISTORY);
  setVersions(document, accountId, [...history, ...staged]);
}
