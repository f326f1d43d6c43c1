/** A command line the emulator cannot run: which option, and the rule it broke. Exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
