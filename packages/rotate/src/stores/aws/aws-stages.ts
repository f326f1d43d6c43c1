import type { Stage } from '../../secret-store/secret-store.js';

/** Staging labels per version id, as DescribeSecret and ListSecretVersionIds give them. */
export type Labels = Readonly<Record<string, readonly string[]>>;

export const LABEL: Record<Stage, string> = { CURRENT: 'AWSCURRENT', PENDING: 'AWSPENDING', PREVIOUS: 'AWSPREVIOUS' };
/** Holds a new version between its write and the compare-and-set move of a stage label onto it. */
export const CLAIM = 'DBPASS_CLAIM';
/**
 * Marks the version that stays PREVIOUS through a promotion (see `keepsPrevious`): moving AWSCURRENT moves
 * AWSPREVIOUS onto the version AWSCURRENT left, so AWSPREVIOUS is moved back afterwards. Until it is, this label says
 * which version is PREVIOUS, and keeps that version from being an unlabelled one that AWS may delete.
 */
export const KEEP_PREVIOUS = 'DBPASS_KEEP_PREVIOUS';
/**
 * Version ids of versions without a password: the first version of a secret dbpass creates empty (AWS gives it
 * AWSCURRENT) and the lock's "no run holds it" versions.
 */
export const PLACEHOLDER_PREFIX = 'dbpass-placeholder-';

export const isPlaceholder = (versionId: string): boolean => versionId.startsWith(PLACEHOLDER_PREFIX);

export function versionWith(labels: Labels, label: string): string | undefined {
  return Object.entries(labels).find(([, attached]) => attached.includes(label))?.[0];
}

/**
 * Stages of every version as the protocol sees them: a placeholder has none; AWSPENDING left on the CURRENT version
 * (or a placeholder) means no rotation is under way; while a version holds KEEP_PREVIOUS, it is PREVIOUS wherever
 * AWSPREVIOUS is.
 */
export function stagesByVersion(labels: Labels): Map<string, Stage[]> {
  const keeper = versionWith(labels, KEEP_PREVIOUS);
  const stages = new Map<string, Stage[]>();
  for (const [versionId, attached] of Object.entries(labels)) {
    if (isPlaceholder(versionId)) {
      stages.set(versionId, []);
      continue;
    }
    const current = attached.includes(LABEL.CURRENT);
    const previous = keeper === undefined ? attached.includes(LABEL.PREVIOUS) : versionId === keeper;
    stages.set(versionId, [
      ...(current ? (['CURRENT'] as const) : []),
      ...(!current && attached.includes(LABEL.PENDING) ? (['PENDING'] as const) : []),
      ...(previous && !current ? (['PREVIOUS'] as const) : []),
    ]);
  }
  return stages;
}

export function versionAt(labels: Labels, stage: Stage): string | undefined {
  return [...stagesByVersion(labels)].find(([, stages]) => stages.includes(stage))?.[0];
}

/** Versions that have a stage (their metadata is kept). */
export function stagedVersions(labels: Labels): Set<string> {
  return new Set(
    [...stagesByVersion(labels)].filter(([, stages]) => stages.length > 0).map(([versionId]) => versionId),
  );
}
