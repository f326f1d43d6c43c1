/** The store cannot be reached or used (down, unreadable, a write refused); thrown before anything is sent to a cloud. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** The store refused the credentials it was given (a bad or expired token, missing permissions). */
export class StoreAuthError extends StoreUnavailableError {
  override name = 'StoreAuthError';
}

/** A compare-and-set write kept losing to other writers, or the version it meant to change has moved on. */
export class StoreConflictError extends Error {
  override name = 'StoreConflictError';
}
