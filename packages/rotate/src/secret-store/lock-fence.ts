import { LockLostError, type StoreLock } from './secret-store.js';

/**
 * The lock a store's run holds, so that every write can first check it still holds it: a run whose lease passed
 * while it stalled, and which another run has taken over, writes nothing more.
 */
export class LockFence {
  private held: StoreLock | undefined;

  async hold(take: () => Promise<StoreLock>): Promise<StoreLock> {
    const lock = await take();
    this.held = lock;
    return {
      lost: () => lock.lost(),
      release: async () => {
        if (this.held === lock) this.held = undefined;
        await lock.release();
      },
    };
  }

  check(where: string): void {
    if (this.held?.lost())
      throw new LockLostError(
        `${where}: this run lost the store's lock (its lease passed and another run took the store over); it writes nothing more`,
      );
  }
}
