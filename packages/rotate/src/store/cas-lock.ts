import { setTimeout as sleep } from 'node:timers/promises';
import { describeHolder, type Holder, isStaleHolder, newHolder } from './run-lock.js';
import { type StoreLock, StoreLockedError } from './secret-store.js';

/** One value on a server with a compare-and-set write: what a remote store's run lock is kept in. */
export interface CasRegister {
  /** The value now (undefined when free) and the revision a write must name. */
  read(): Promise<{ readonly value: string | undefined; readonly revision: string | undefined }>;
  /** Writes `value` (undefined frees it) if the register is still at `revision`; false if another writer got there first. */
  write(value: string | undefined, revision: string | undefined): Promise<boolean>;
}

const parseHolder = (value: string): Holder | undefined => {
  try {
    return JSON.parse(value) as Holder;
  } catch {
    return undefined;
  }
};

/**
 * The run lock of a remote store, with the file store's rule for stale holders: a process of this host that no
 * longer runs is taken over at once; another host's holder never is.
 */
export async function acquireCasLock(register: CasRegister, options: { waitMs?: number } = {}): Promise<StoreLock> {
  const deadline = Date.now() + (options.waitMs ?? 0);
  const me = newHolder();
  const mine = JSON.stringify(me);
  for (;;) {
    const { value, revision } = await register.read();
    const holder = value === undefined ? undefined : parseHolder(value);
    if (value === undefined || (holder !== undefined && isStaleHolder(holder)) || holder === undefined) {
      if (await register.write(mine, revision)) {
        return {
          release: async () => {
            const now = await register.read();
            if (now.value === mine) await register.write(undefined, now.revision);
          },
        };
      }
      continue;
    }
    if (Date.now() >= deadline) throw new StoreLockedError(describeHolder(holder));
    await sleep(100);
  }
}
