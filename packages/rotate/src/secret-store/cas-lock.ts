import { setTimeout as sleep } from 'node:timers/promises';
import { keepLease } from './lease.js';
import { describeHolder, LEASE_MS, newHolder, parseHolder, renewedHolder, staleReason } from './lock-holder.js';
import { type LockInfo, type StoreLock, StoreLockedError } from './secret-store.js';

/** One value on a server with a compare-and-set write: what a remote store's run lock is kept in. */
export interface CasRegister {
  /** The value now (undefined when free) and the revision a write must name. */
  read(): Promise<{ readonly value: string | undefined; readonly revision: string | undefined }>;
  /** Writes `value` (undefined frees it) if the register is still at `revision`; false if another writer got there first. */
  write(value: string | undefined, revision: string | undefined): Promise<boolean>;
}

/**
 * The run lock of a remote store, with the file store's rules: a lease renewed while the run lives (each renewal
 * a compare-and-set naming the revision it read, so it never overwrites a run that took over); a holder whose
 * lease passed, or a process of this host and PID namespace that no longer runs, is taken over.
 */
export async function acquireCasLock(
  register: CasRegister,
  options: { waitMs?: number; leaseMs?: number } = {},
): Promise<StoreLock> {
  const deadline = Date.now() + (options.waitMs ?? 0);
  const leaseMs = options.leaseMs ?? LEASE_MS;
  for (;;) {
    const { value, revision } = await register.read();
    const holder = value === undefined ? undefined : parseHolder(value);
    if (value === undefined || holder === undefined || staleReason(holder) !== undefined) {
      const me = newHolder(leaseMs);
      if (await register.write(JSON.stringify(me), revision)) return heldCasLock(register, me.nonce, leaseMs);
      continue;
    }
    if (Date.now() >= deadline) throw new StoreLockedError(describeHolder(holder));
    await sleep(100);
  }
}

function heldCasLock(register: CasRegister, nonce: string, leaseMs: number): StoreLock {
  const mine = async () => {
    const now = await register.read();
    const holder = now.value === undefined ? undefined : parseHolder(now.value);
    return holder?.nonce === nonce ? { holder, revision: now.revision } : undefined;
  };
  const lease = keepLease(async () => {
    const held = await mine();
    return held !== undefined && register.write(JSON.stringify(renewedHolder(held.holder, leaseMs)), held.revision);
  }, leaseMs);
  return {
    lost: lease.lost,
    release: async () => {
      lease.stop();
      const held = await mine();
      if (held) await register.write(undefined, held.revision);
    },
  };
}

/** Who holds a remote store's run lock, for `dbpass unlock`. */
export async function casLockInfo(register: CasRegister): Promise<LockInfo | undefined> {
  const { value } = await register.read();
  if (value === undefined) return undefined;
  const holder = parseHolder(value);
  if (!holder) return { holder: 'an unreadable holder', stale: 'it cannot be read' };
  const stale = staleReason(holder);
  return { holder: describeHolder(holder), ...(stale ? { stale } : {}) };
}

/** Frees a remote store's run lock whoever holds it (`dbpass unlock --force`). */
export async function breakCasLock(register: CasRegister): Promise<LockInfo | undefined> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const info = await casLockInfo(register);
    if (!info) return undefined;
    if (await register.write(undefined, (await register.read()).revision)) return info;
  }
  throw new StoreLockedError('the lock kept changing while it was being broken; try again');
}
