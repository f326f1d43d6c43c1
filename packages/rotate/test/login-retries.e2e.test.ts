// The default waits between logins while a new password is not showing yet: ClickHouse re-reads its users about every
// 2 s, so a change shows seconds after its set, and the run keeps trying often enough to see it soon after.
import { type Emulator, startEmulator } from '@dbpass/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandTargets, type LoginChecker } from '../src/index.js';
import { rotateHarness } from './rotate-harness.js';

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ jobVisibleAfterMs: 20, jobDurationMs: 60 });
});
afterEach(async () => {
  await emulator.stop();
});

describe('the default login retries', () => {
  it('a new password that shows only at the 13th login (ClickHouse between re-reads) is proven, not failed', async () => {
    const harness = await rotateHarness(emulator);
    const account = expandTargets(harness.plan).find((planned) => planned.ref.kind === 'clickhouse')!.ref;
    let tries = 0;
    // The database takes the new password from its 13th login on: before that, its users file is not re-read yet.
    const lateChecker: LoginChecker = {
      tryLogin: async (ref, password, options) => {
        const outcome = await harness.checker.tryLogin(ref, password, options);
        if (ref.id !== account.id || outcome !== 'accepted') return outcome;
        tries += 1;
        return tries > 12 ? outcome : 'refused';
      },
    };
    const summary = await harness.run({ only: [account.id], checker: lateChecker, loginRetryDelaysMs: undefined });
    expect(summary.counts).toMatchObject({ rotated: 1, failed: 0 });
    expect(tries).toBe(13);
    expect(await harness.storedPasswordWorks(account.id)).toBe(true);
  });
});
