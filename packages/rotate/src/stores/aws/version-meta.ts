import type { SecretVersion } from '../../store/secret-store.js';

/** What Secrets Manager has no field for, per version id: kept as JSON in the secret's Description. */
export type VersionMeta = Pick<SecretVersion, 'appliedAt' | 'promotedAt' | 'evidence'>;
export type MetaByVersion = Record<string, VersionMeta>;

const PREFIX = 'dbpass rotation metadata: ';
const DESCRIPTION_LIMIT = 2048;

export function parseMeta(description: string | undefined): MetaByVersion {
  if (!description?.startsWith(PREFIX)) return {};
  try {
    return JSON.parse(description.slice(PREFIX.length)) as MetaByVersion;
  } catch {
    return {};
  }
}

/** The Description for `meta`, keeping only `keep` versions; long evidence loses its request ids and note to fit. */
export function formatMeta(meta: MetaByVersion, keep: readonly string[]): string {
  const kept: MetaByVersion = Object.fromEntries(keep.filter((id) => meta[id]).map((id) => [id, meta[id]!]));
  let text = PREFIX + JSON.stringify(kept);
  if (text.length <= DESCRIPTION_LIMIT) return text;
  const trimmed = Object.fromEntries(
    Object.entries(kept).map(([id, entry]) => [
      id,
      entry.evidence ? { ...entry, evidence: { ...entry.evidence, requestIds: undefined, note: undefined } } : entry,
    ]),
  );
  text = PREFIX + JSON.stringify(trimmed);
  return text.length <= DESCRIPTION_LIMIT
    ? text
    : PREFIX +
        JSON.stringify(
          Object.fromEntries(
            Object.entries(kept).map(([id, entry]) => [
              id,
              { promotedAt: entry.promotedAt, appliedAt: entry.appliedAt },
            ]),
          ),
        );
}
