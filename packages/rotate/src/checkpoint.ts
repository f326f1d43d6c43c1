/**
 * Named points a run passes (`store:temp-written`, `set:response`, ...). A plain callback: crash tests use it to
 * SIGKILL the process at a chosen point; production leaves it out.
 */
export type Checkpoint = (name: CheckpointName) => void;

export const CHECKPOINTS = [
  'store:temp-written',
  'store:renamed',
  'pending:written',
  'set:before',
  'http:response',
  'job:created',
  'job:polled',
  'set:done',
  'test:pending-accepted',
  'finish:before',
  'finish:done',
] as const;

/** Points only the `alternating` strategy passes: creating a twin, and granting it its original's privileges. */
export const ALTERNATING_CHECKPOINTS = ['create:before', 'twin:created', 'grant:before', 'grant:done'] as const;

export type CheckpointName = (typeof CHECKPOINTS)[number] | (typeof ALTERNATING_CHECKPOINTS)[number];

export const noCheckpoint: Checkpoint = () => {};
