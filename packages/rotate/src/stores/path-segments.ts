/**
 * Why a path segment cannot stay in its place in a URL, if it cannot: `fetch` and `new URL` take `.` and `..` (and
 * `%2E%2E`, so no encoding helps) as steps in the path and remove them, and an empty segment is merged by some
 * servers and proxies.
 */
export function segmentProblem(segment: string): string | undefined {
  if (segment === '') return 'an empty path segment';
  if (segment === '.' || segment === '..') return `a "${segment}" path segment, which a URL parser takes as a step`;
  return undefined;
}

/** Thrown before a request whose path would leave the place it names; nothing was sent. */
export class UnsafePathError extends Error {
  override name = 'UnsafePathError';
  constructor(what: string, problem: string) {
    super(`${what} holds ${problem}, so the request would leave its own path; nothing was sent. Rename it`);
  }
}

/** One segment, percent-encoded; UnsafePathError for one that would not stay in its place. */
export function encodeSegment(segment: string, what: string): string {
  const problem = segmentProblem(segment);
  if (problem) throw new UnsafePathError(what, problem);
  return encodeURIComponent(segment);
}
