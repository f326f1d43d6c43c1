import type { AccountGroup } from './group-accounts.js';

/** Takes one from each list in turn until all are empty. */
function interleave<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let index = 0; index < longest; index++)
    for (const list of lists) if (index < list.length) out.push(list[index]!);
  return out;
}

/** The groups of each connection, connections in the order they first appear, each group's order kept. */
function byConnection(groups: readonly AccountGroup[]): AccountGroup[][] {
  const lists = new Map<string, AccountGroup[]>();
  for (const group of groups) {
    const list = lists.get(group.connection) ?? [];
    list.push(group);
    lists.set(group.connection, list);
  }
  return [...lists.values()];
}

/** A kind that takes more than one account per set runs it as a job of seconds, whose end the run waits for. */
export const runsJobs = (group: AccountGroup): boolean => group.kind.maxBatch > 1;

/** A group whose last login waits on its engine's re-read of its users, after the set. */
const provenLate = (group: AccountGroup): boolean =>
  group.kind.acceptsNewPasswordLate === true && group.accounts.some((account) => account.ref.login !== undefined);

/** How long a group waits after its set, by rank: a job's seconds, an engine's re-read, then nothing. */
const waitRank = (group: AccountGroup): number => (runsJobs(group) ? 0 : provenLate(group) ? 1 : 2);

/**
 * The order groups start in: in each connection, the groups that wait longest after their set first (jobs, whose
 * end the run waits on, then logins an engine accepts only at its next re-read), so that their waits overlap the
 * others' calls; the connections in turn, so that each cloud's rate limit works from the start instead of one
 * cloud's calls waiting behind all of another's. Plan order within a rank.
 */
export function startOrder(groups: readonly AccountGroup[]): AccountGroup[] {
  return interleave(
    byConnection(groups).map((list) =>
      list
        .map((group, index) => ({ group, index, rank: waitRank(group) }))
        .sort((a, b) => a.rank - b.rank || a.index - b.index)
        .map(({ group }) => group),
    ),
  );
}
