import { describe, expect, it } from 'vitest';
import { runLimited } from './run-limited.js';

describe('runLimited', () => {
  it('runs every item, at most `limit` at once, and keeps the results in order', async () => {
    let running = 0;
    let most = 0;
    const results = await runLimited([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return item * 10;
    });
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most).toBe(3);
  });

  it('starts its workers one event-loop turn apart, so that I/O is served between their starts', async () => {
    let turns = 0;
    let counting = true;
    const count = () => {
      turns += 1;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const startedAt: number[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const done = runLimited([0, 1, 2, 3], 4, async (item) => {
      startedAt[item] = turns;
      if (startedAt.length === 4) release();
      await held;
    });
    await done;
    counting = false;
    expect(new Set(startedAt).size).toBe(4);
    expect(startedAt).toEqual([...startedAt].sort((a, b) => a - b));
  });

  it("starts the next item when one releases its place, and still waits for the released one's result", async () => {
    let finishFirst = () => {};
    const firstMayFinish = new Promise<void>((resolve) => {
      finishFirst = resolve;
    });
    const order: string[] = [];
    const results = await runLimited([1, 2, 3], 1, async (item, release) => {
      order.push(`start ${item}`);
      if (item === 1) {
        release();
        await firstMayFinish;
      }
      if (item === 3) finishFirst();
      order.push(`end ${item}`);
      return item * 10;
    });
    expect(results).toEqual([10, 20, 30]);
    expect(order).toEqual(['start 1', 'start 2', 'end 2', 'start 3', 'end 3', 'end 1']);
  });
});
