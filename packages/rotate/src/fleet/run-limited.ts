import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Runs `work` over `items` with at most `limit` at a time; every item runs, whatever the others do. The workers
 * start one event-loop turn apart: an item's synchronous start (passwords, store writes) does not hold back the
 * requests the ones before it have ready, nor the answers coming in.
 */
export async function runLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (position: number) => {
    for (let turn = 0; turn < position; turn++) await nextTurn();
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, (_, position) => worker(position)));
  return results;
}
