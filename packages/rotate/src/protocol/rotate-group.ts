import { setTimeout as sleep } from 'node:timers/promises';
import type { PlannedAccount } from '../plan/expand-targets.js';
import type { AccountResult } from '../rotation-result.js';
import type { SecretVersion } from '../secret-store/secret-store.js';
import { type AccountContext, AccountRotation, type Done, type Next } from './account-rotation.js';
import { mayConcernOneUser } from './classify-set-error.js';
import type { SetStep } from './set-step.js';
import type { TwinStep } from './twin-step.js';

export interface GroupOptions {
  /** Whether an account is due, by its CURRENT. */
  readonly due: (account: PlannedAccount) => (current: SecretVersion | undefined) => boolean;
  /** Accounts without a password in the store are reset (`--init`). */
  readonly init: boolean;
  /** Sets tried per account while their outcome stays unknown. */
  readonly setAttempts: number;
  /** Waits before the second, third, ... set. */
  readonly setRetryDelaysMs: readonly number[];
  /** An unexpected error in words, free of the run's secrets. */
  readonly describeError: (error: unknown) => string;
}

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
};

/** The steps a group's accounts take through their cloud, bound to its clients. */
export interface GroupSteps {
  readonly set: SetStep;
  /** The `alternating` strategy's user management, when the group alternates. */
  readonly twin?: TwinStep | undefined;
}

/**
 * The staged protocol for a group of accounts set together (the database users of one instance, or one account),
 * step by step: create each account's PENDING (or resume it), set the batches through the injected set step,
 * test each PENDING, finish. One account's failure never stops the others. `testing` is called once nothing is
 * left to send but logins: the group then only waits (for logins, and for engines that show a change late).
 */
export async function rotateGroup(
  context: AccountContext,
  accounts: readonly PlannedAccount[],
  { set: setStep, twin: twinStep }: GroupSteps,
  options: GroupOptions,
  testing: () => void = () => {},
): Promise<AccountResult[]> {
  const rotations = accounts.map((account) => new AccountRotation(context, account));
  const results = new Map<AccountRotation, AccountResult>();
  const nextOf = new Map<AccountRotation, Next>();
  const guarded = async (rotation: AccountRotation, step: () => Promise<Next>): Promise<Next> => {
    try {
      return await step();
    } catch (error) {
      const message = options.describeError(error);
      const result: AccountResult = {
        account: rotation.ref.id,
        target: rotation.ref.target,
        outcome: 'failed',
        step: 'set',
        resumed: false,
        message,
      };
      context.emit({
        time: context.now().toISOString(),
        account: rotation.ref.id,
        target: rotation.ref.target,
        step: 'set',
        outcome: 'failed',
        message,
      });
      return { action: 'done', result };
    }
  };
  const settle = (batch: readonly AccountRotation[], nexts: readonly Next[]) =>
    batch.forEach((rotation, index) => {
      const next = nexts[index]!;
      if (next.action === 'done') {
        results.set(rotation, next.result);
        nextOf.delete(rotation);
      } else nextOf.set(rotation, next);
    });
  const each = (batch: readonly AccountRotation[], step: (rotation: AccountRotation) => Promise<Next>) =>
    Promise.all(batch.map((rotation) => guarded(rotation, () => step(rotation))));

  // Create.
  settle(
    rotations,
    await each(rotations, (rotation) => rotation.create({ due: options.due(rotation.planned), init: options.init })),
  );

  /**
   * Set, one batch. A definite refusal that may be about one user (a user the API does not know, a host it
   * refuses, a failed job) splits the batch and sets each half, until the failing users are alone: one bad user
   * never blocks the others of its instance.
   */
  const setBatch = async (batch: readonly AccountRotation[], attempt: number): Promise<void> => {
    const seen = setStep.requestIds.length;
    try {
      const applied = await setStep.set(
        batch.map((rotation) => ({ ref: rotation.setRef, password: rotation.pendingPassword })),
      );
      settle(batch, await each(batch, (rotation) => rotation.setApplied(applied, setStep.requestIds.slice(seen))));
    } catch (error) {
      if (batch.length > 1 && mayConcernOneUser(error)) {
        const half = Math.ceil(batch.length / 2);
        await setBatch(batch.slice(0, half), attempt);
        await setBatch(batch.slice(half), attempt);
        return;
      }
      settle(
        batch,
        await each(batch, (rotation) =>
          rotation.setFailed(error, setStep.requestIds.slice(seen), attempt === options.setAttempts),
        ),
      );
    }
  };
  for (let attempt = 1; attempt <= options.setAttempts; attempt++) {
    const toSet = rotations.filter((rotation) => nextOf.get(rotation)?.action === 'set');
    if (toSet.length === 0) break;
    const delays = options.setRetryDelaysMs;
    if (attempt > 1) await sleep(delays[Math.min(attempt - 2, delays.length - 1)] ?? 0);
    // Alternating: a twin that does not exist yet is created instead (with PENDING's password): that is its set.
    if (twinStep)
      settle(toSet, await each(toSet, (rotation) => rotation.twin(twinStep, attempt === options.setAttempts)));
    const stillToSet = toSet.filter((rotation) => nextOf.get(rotation)?.action === 'set');
    for (const batch of chunk(stillToSet, setStep.maxBatch)) await setBatch(batch, attempt);
  }

  // Alternating: each twin's privileges made its original's, through the API.
  const toTest = () => rotations.filter((rotation) => nextOf.get(rotation)?.action === 'test');
  if (twinStep) {
    const toMatch = toTest();
    settle(toMatch, await each(toMatch, (rotation) => rotation.matchPrivileges(twinStep)));
  }

  // Test, then finish.
  testing();
  const toProve = toTest();
  settle(
    toProve,
    await each(toProve, async (rotation): Promise<Done> => {
      const tested = await rotation.test();
      return tested.action === 'done' ? tested : { action: 'done', result: await rotation.finish(tested.evidence) };
    }),
  );
  return rotations.map(
    (rotation) =>
      results.get(rotation) ?? {
        account: rotation.ref.id,
        target: rotation.ref.target,
        outcome: 'failed',
        step: 'set',
        resumed: false,
        message: 'not finished in this run; PENDING kept',
      },
  );
}
