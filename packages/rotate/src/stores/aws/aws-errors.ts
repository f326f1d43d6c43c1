import { StoreAuthError, StoreUnavailableError } from '../../secret-store/store-errors.js';

const AUTH_ERRORS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'AccessDeniedException',
  'ExpiredTokenException',
  'CredentialsProviderError',
]);

interface SdkError {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

export const errorName = (error: unknown): string | undefined => (error as SdkError | undefined)?.name;

/** An SDK failure that is not the answer the caller handles, as a typed store error (names the store, never a credential). */
export function storeError(description: string, action: string, error: unknown): Error {
  const sdk = error as SdkError;
  const name = sdk?.name ?? 'Error';
  if (AUTH_ERRORS.has(name) || sdk?.$metadata?.httpStatusCode === 403) {
    return new StoreAuthError(
      `${description}: ${action} was refused (${name}); check the AWS credentials and their permissions`,
    );
  }
  const status = sdk?.$metadata?.httpStatusCode;
  const code = sdk?.code ?? (sdk as { cause?: { code?: string } })?.cause?.code;
  const reason =
    status === undefined
      ? `cannot reach the service (${code ?? name}: ${sdk?.message ?? ''})`
      : `${action} answered ${status} (${name})`;
  return new StoreUnavailableError(`${description}: ${reason}`);
}

/** An account's secret holds something dbpass cannot take a password from (binary, JSON without the password key). */
export class SecretShapeError extends Error {
  override name = 'SecretShapeError';
}
