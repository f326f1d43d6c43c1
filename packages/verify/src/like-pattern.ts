/**
 * Whether `text` matches a SQL LIKE pattern without escapes (`%` any run of characters, `_` exactly one), ignoring
 * case as MySQL does for host names. The greedy two-pointer match: on a mismatch it returns only to the latest `%`
 * and lets it take one more character, never to earlier ones, so it takes at most about
 * (pattern + 1) × (text + 1) steps where a regular expression of `.*` backtracks exponentially.
 * `steps`, when given, counts the loop's iterations (tests bound the work with it instead of a clock).
 */
export function likeMatches(pattern: string, text: string, steps?: { count: number }): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let lastPercent = -1;
  let resumeAt = 0;
  while (ti < t.length) {
    if (steps) steps.count += 1;
    if (pi < p.length && p[pi] !== '%' && (p[pi] === '_' || p[pi] === t[ti])) {
      pi += 1;
      ti += 1;
    } else if (pi < p.length && p[pi] === '%') {
      lastPercent = pi;
      resumeAt = ti;
      pi += 1;
    } else if (lastPercent >= 0) {
      resumeAt += 1;
      pi = lastPercent + 1;
      ti = resumeAt;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '%') pi += 1;
  return pi === p.length;
}
