import { ownRecord } from '../../secret-store/own-record.js';
import type { SecretVersion } from '../../secret-store/secret-store.js';

/** What Secrets Manager has no field for, per version id. */
export type VersionMeta = Pick<SecretVersion, 'appliedAt' | 'promotedAt' | 'evidence'>;
export type MetaByVersion = Record<string, VersionMeta>;

/**
 * The text of an account's metadata secret: dbpass's record of the application secret it manages, bound to that
 * secret's ARN (a secret deleted and made again under the same name gets a new ARN, and is not dbpass's).
 */
export interface MetadataRecord {
  readonly format: 'dbpass-aws-metadata';
  readonly version: 1;
  readonly secretArn: string;
  readonly versions: MetaByVersion;
}

/** How dbpass before metadata secrets kept its metadata: the whole Description of a secret it had written. */
const LEGACY_PREFIX = 'dbpass rotation metadata: ';

export const isLegacyDescription = (description: string | undefined): boolean =>
  description?.startsWith(LEGACY_PREFIX) ?? false;

export function parseLegacyMeta(description: string | undefined): MetaByVersion {
  if (!isLegacyDescription(description)) return {};
  try {
    return ownRecord(JSON.parse(description!.slice(LEGACY_PREFIX.length)) as MetaByVersion);
  } catch {
    return {};
  }
}

/** The record of `secretArn` keeping the metadata of `keep` versions only (the others no longer open anything). */
export function formatRecord(secretArn: string, meta: MetaByVersion, keep: ReadonlySet<string>): string {
  const versions = Object.fromEntries(Object.entries(meta).filter(([versionId]) => keep.has(versionId)));
  const record: MetadataRecord = { format: 'dbpass-aws-metadata', version: 1, secretArn, versions };
  return JSON.stringify(record);
}

export function parseRecord(text: string | undefined): MetadataRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const record = JSON.parse(text) as Partial<MetadataRecord>;
    return record.format === 'dbpass-aws-metadata' && typeof record.secretArn === 'string'
      ? { format: record.format, version: 1, secretArn: record.secretArn, versions: ownRecord(record.versions ?? {}) }
      : undefined;
  } catch {
    return undefined;
  }
}
