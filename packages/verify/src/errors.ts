/** Base of every verifier error. Messages name the account and address, never a password. */
export class VerifyError extends Error {
  override readonly name: string = 'VerifyError';
  constructor(
    message: string,
    /** A stable code a caller can branch on. */
    readonly code: string,
  ) {
    super(message);
  }
}

/**
 * A login from here cannot be tried: the account's host pattern excludes this machine, or the credentials cannot
 * travel intact the way the target sends them (ClickHouse `auth: 'headers'`). Nothing was sent.
 */
export class LoginImpossibleError extends VerifyError {
  override readonly name = 'LoginImpossibleError';
  constructor(message: string) {
    super(message, 'LOGIN_IMPOSSIBLE');
  }
}

/** The database did not answer (refused, timed out, closed): says nothing about the password. */
export class EngineUnreachableError extends VerifyError {
  override readonly name = 'EngineUnreachableError';
  constructor(message: string, code = 'UNREACHABLE') {
    super(message, code);
  }
}

/** TLS was required and could not be set up, or the server's certificate was not trusted. */
export class TlsError extends VerifyError {
  override readonly name = 'TlsError';
  constructor(message: string) {
    super(message, 'TLS');
  }
}

/**
 * The server asked to be sent the password in a form it can read (mysql_clear_password, sha256_password, or
 * caching_sha2_password's full authentication) over a connection whose certificate was not checked, so it may not
 * be the database. Nothing that reveals the password was sent.
 */
export class UnsafeAuthPluginError extends VerifyError {
  override readonly name = 'UnsafeAuthPluginError';
  constructor(
    message: string,
    /** What the server asked for: `mysql_clear_password`, `sha256_password` or `caching_sha2_password full authentication`. */
    readonly plugin: string,
  ) {
    super(message, 'UNSAFE_AUTH_PLUGIN');
  }
}

/** The database answered with an error that is not a login refusal. */
export class EngineError extends VerifyError {
  override readonly name = 'EngineError';
  constructor(message: string, code = 'ENGINE') {
    super(message, code);
  }
}

/** By the deadline, the new password did not log in, or the old one was still accepted. */
export class VerificationFailedError extends VerifyError {
  override readonly name = 'VerificationFailedError';
  constructor(
    message: string,
    readonly newPasswordAccepted: boolean,
    readonly oldPasswordRefused: boolean | undefined,
    readonly attempts: number,
  ) {
    super(message, 'VERIFICATION_FAILED');
  }
}
