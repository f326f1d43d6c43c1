import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Runs `work` over `items` with at most `limit` at a time; every item runs, whatever the others do. An item that
 * calls its `release` gives up its place while it goes on (it only waits now), and the next item starts. The
 * workers start one event-loop turn apart: an item's synchronous start (passwords, store writes) does not hold back
 * the requests the ones before it have ready, nor the answers coming in.
 */
export async function runLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, release: () => void) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const running: Promise<void>[] = [];
  let next = 0;
  const worker = async (position: number) => {
    for (let turn = 0; turn < position; turn++) await nextTurn();
    while (next < items.length) {
      const index = next++;
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const done = work(items[index]!, release).then((result) => {
        results[index] = result;
      });
      running.push(done);
      // Handled here too: a worker that throws first must not leave a released item's failure unhandled.
      done.catch(() => {});
      await Promise.race([released, done]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, (_, position) => worker(position)));
  await Promise.all(running);
  return results;
}
