/** A lease kept alive by renewing it: `lost()` turns true once a renewal finds another run holds the lock. */
export interface Lease {
  lost(): boolean;
  stop(): void;
}

/**
 * Renews a lock's lease every third of its length until stopped. `renew` answers false when the lock is no
 * longer this run's (another run took it over after the lease passed, or it was broken by hand); an error (the
 * store unreachable for a moment) is tried again at the next tick, while the lease may still hold.
 */
export function keepLease(renew: () => Promise<boolean>, leaseMs: number): Lease {
  let lost = false;
  let renewing = false;
  const timer = setInterval(
    () => {
      if (renewing) return;
      renewing = true;
      renew()
        .then((mine) => {
          if (!mine) {
            lost = true;
            clearInterval(timer);
          }
        })
        .catch(() => {})
        .finally(() => {
          renewing = false;
        });
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return {
    lost: () => lost,
    stop: () => clearInterval(timer),
  };
}
