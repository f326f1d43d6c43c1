/** A command line asking for something that is not there: an unknown account, a stage the store does not hold. */
export class UsageError extends Error {
  override name = 'UsageError';
}
