/** Past this many edits a name is another name, not a typo of it. */
const MAX_EDITS = 3;

/**
 * Optimal string alignment distance (Levenshtein plus swapping two neighbours, the commonest typo), as commander
 * measures its own "did you mean"; gives up past `limit`.
 */
export function editDistance(a: string, b: string, limit = MAX_EDITS): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, previous2[j - 2]! + 1);
      row.push(best);
    }
    previous2 = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * The known names closest to `name` (fewest edits, at most 3 and under 60% of the longer name, so that a name
 * sharing little with another is not taken for its typo), sorted; none when nothing is that close.
 */
export function closestNames(name: string, known: Iterable<string>): string[] {
  let best: string[] = [];
  let bestDistance = MAX_EDITS;
  for (const candidate of new Set(known)) {
    const distance = editDistance(name, candidate);
    if (distance > bestDistance || distance / Math.max(name.length, candidate.length) >= 0.6) continue;
    if (distance < bestDistance) best = [];
    bestDistance = distance;
    best.push(candidate);
  }
  return best.sort();
}

/** `"a", "b" and 3 more`: a list short enough for one error line. */
export function listNames(names: readonly string[], max = 8): string {
  const shown = names.slice(0, max).map((name) => JSON.stringify(name));
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}

/**
 * What to add to "no such name" for `unknown` names: the closest known names, then the valid ones (`valid`,
 * described by `validLabel`).
 */
export function unknownNameHint(
  unknown: readonly string[],
  candidates: readonly string[],
  validLabel: string,
  valid: readonly string[],
): string {
  const guesses = unknown.flatMap((name) => {
    const closest = closestNames(name, candidates);
    return closest.length === 0
      ? []
      : [unknown.length === 1 ? listNames(closest) : `${listNames(closest)} for "${name}"`];
  });
  const didYouMean = guesses.length > 0 ? ` Did you mean ${guesses.join('; ')}?` : '';
  return `${didYouMean} ${validLabel}: ${listNames(valid)}.`;
}
