import type { Checkpoint } from '../checkpoint.js';
import type { AccountKindAdapter, Application, Applied, JobWaitOptions } from '../kinds/account-kind.js';
import type { GroupClients } from './connection-clients.js';

/** The set step of the protocol, injected: sets one batch of PENDING passwords. */
export interface SetStep {
  /** The most accounts one set takes. */
  readonly maxBatch: number;
  /** Sets every password of the batch in one call (or job); throws what the client throws. */
  set(batch: readonly Application[]): Promise<Applied>;
  /** Ids of the requests sent so far, in order: each set's events name those it sent. */
  readonly requestIds: readonly string[];
}

/** A kind's batch set through a group's clients, passing `set:before` before anything is sent. */
export function kindSetStep(
  kind: AccountKindAdapter,
  clients: GroupClients,
  checkpoint: Checkpoint,
  jobWait: JobWaitOptions = {},
): SetStep {
  return {
    maxBatch: kind.maxBatch,
    requestIds: clients.requestIds,
    async set(batch) {
      const [first, ...rest] = batch;
      if (!first) throw new RangeError('set: nothing to set');
      if (batch.length > kind.maxBatch)
        throw new RangeError(
          `set: at most ${kind.maxBatch} ${kind.kind} account${kind.maxBatch === 1 ? '' : 's'} at once`,
        );
      checkpoint('set:before');
      return kind.setBatch(clients, [first, ...rest], { checkpoint, jobWait });
    },
  };
}
