import { randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who holds a store's run lock, and until when. */
export interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly nonce: string;
  readonly since: string;
  /** The kernel's boot id: a holder from an earlier boot of this host no longer runs. */
  readonly bootId?: string;
  /** `pid:[4026531836]`: a pid is only meaningful inside its own PID namespace. */
  readonly pidNamespace?: string;
  /** The process's start time in clock ticks since boot: a pid reused by another process is told apart. */
  readonly startTime?: string;
  /** The end of the lease; the holder renews it while it runs, anyone may take the lock once it has passed. */
  readonly expires?: string;
}

/** How long a lease lasts unless renewed: a holder killed with SIGKILL or evicted blocks others for at most this. */
export const LEASE_MS = 120_000;

const readOrUndefined = (read: () => string) => {
  try {
    return read().trim();
  } catch {
    return undefined;
  }
};

/** Read once: this process's boot and PID namespace do not change while it runs, and lock waits ask every 100 ms. */
function once(read: () => string | undefined): () => string | undefined {
  let done = false;
  let value: string | undefined;
  return () => {
    if (!done) {
      value = read();
      done = true;
    }
    return value;
  };
}
const bootId = once(() => readOrUndefined(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8')));
const pidNamespace = once(() => readOrUndefined(() => readlinkSync('/proc/self/ns/pid')));

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces and parentheses). */
function startTimeOf(pid: number | 'self'): string | undefined {
  const stat = readOrUndefined(() => readFileSync(`/proc/${pid}/stat`, 'utf8'));
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });

export function newHolder(leaseMs: number, now = Date.now()): Holder {
  return {
    pid: process.pid,
    host: hostname(),
    nonce: randomUUID(),
    since: new Date(now).toISOString(),
    ...optional('bootId', bootId()),
    ...optional('pidNamespace', pidNamespace()),
    ...optional('startTime', startTimeOf('self')),
    expires: new Date(now + leaseMs).toISOString(),
  };
}

export const renewedHolder = (holder: Holder, leaseMs: number, now = Date.now()): Holder => ({
  ...holder,
  expires: new Date(now + leaseMs).toISOString(),
});

/**
 * Why a holder no longer holds the lock, or undefined while it may still run: its lease has passed, its host was
 * rebooted, or it was a process of this host and PID namespace that no longer runs (or whose pid another process
 * now has). A holder in another PID namespace or on another host is judged by its lease alone.
 */
export function staleReason(holder: Holder, now = Date.now()): string | undefined {
  if (holder.expires !== undefined && Date.parse(holder.expires) <= now) return 'its lease has expired';
  if (holder.host !== hostname()) return undefined;
  const myBoot = bootId();
  if (holder.bootId !== undefined && myBoot !== undefined && holder.bootId !== myBoot)
    return 'its host has been rebooted since';
  // Locks written before PID namespaces were recorded are judged by their pid, as they were then.
  if (holder.pidNamespace !== undefined && holder.pidNamespace !== pidNamespace()) return undefined;
  if (!isAlive(holder.pid)) return 'its process no longer runs';
  const started = startTimeOf(holder.pid);
  if (holder.startTime !== undefined && started !== undefined && started !== holder.startTime)
    return 'its process no longer runs (the pid is another process now)';
  return undefined;
}

export const describeHolder = (holder: Holder) =>
  `pid ${holder.pid} on ${holder.host}${holder.pidNamespace && holder.pidNamespace !== pidNamespace() ? ` (PID namespace ${holder.pidNamespace})` : ''} since ${holder.since}${holder.expires ? `, lease until ${holder.expires}` : ''}`;

export function parseHolder(text: string): Holder | undefined {
  try {
    const holder = JSON.parse(text) as Holder;
    return typeof holder?.nonce === 'string' && typeof holder.pid === 'number' ? holder : undefined;
  } catch {
    return undefined;
  }
}
