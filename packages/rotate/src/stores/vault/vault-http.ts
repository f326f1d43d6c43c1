import { plaintextRefusal, redirectTarget } from '@dbpass/core/guards';
import { RunRedactor } from '../../redact.js';
import { parseAnswer } from '../../secret-store/parse-answer.js';
import { StoreAuthError, StoreUnavailableError } from '../../secret-store/store-errors.js';

export interface VaultConnection {
  /** `https://vault.example.com:8200`, or http to a loopback address (`http://127.0.0.1:8200`); no trailing slash. */
  readonly address: string;
  readonly token: string;
  /** Names the store in errors (never the token). */
  readonly description: string;
}

export interface VaultAnswer {
  readonly status: number;
  readonly body: { data?: Record<string, unknown>; errors?: string[] } | undefined;
}

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * The token (and passwords) go in plaintext only to loopback: http to a loopback address, never to a name, since
 * fetch connects wherever a name points and the address cannot be checked (the cloud clients' rule).
 */
function refuseInsecure(connection: VaultConnection): void {
  let refusal: string | undefined;
  try {
    refusal = plaintextRefusal(new URL(connection.address), false);
  } catch {
    refusal = 'the address is not a URL';
  }
  if (refusal)
    throw new StoreUnavailableError(
      `${connection.description}: nothing was sent: http is allowed on loopback only, and ${refusal}; use https (the token and passwords would cross the network in plaintext)`,
    );
}

/**
 * A server may echo the token in what it says (`token hvs.X is broken`): every text of an answer that ends up in an
 * error is scrubbed of it, in any of the spellings it may be echoed in.
 */
function tokenScrubber(token: string): (text: string) => string {
  const redactor = new RunRedactor();
  redactor.add(token);
  return (text) => redactor.text(text);
}

/** The answer with the token scrubbed from its `errors`: callers put them in their own messages. */
function scrubErrors(body: VaultAnswer['body'], scrub: (text: string) => string): VaultAnswer['body'] {
  if (!body || !Array.isArray(body.errors)) return body;
  return { ...body, errors: body.errors.map((error) => (typeof error === 'string' ? scrub(error) : error)) };
}

/** One Vault HTTP API call; a server that cannot be reached or refuses the token becomes a typed error. */
export async function vaultRequest(
  connection: VaultConnection,
  method: string,
  apiPath: string,
  body?: unknown,
): Promise<VaultAnswer> {
  refuseInsecure(connection);
  const scrub = tokenScrubber(connection.token);
  let response: Response;
  try {
    response = await fetch(`${connection.address}/v1/${apiPath}`, {
      method,
      headers: {
        'X-Vault-Token': connection.token,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      // A redirect would carry the token (and passwords in a body) to wherever it points: never followed.
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new StoreUnavailableError(`${connection.description}: cannot reach the server (${cause})`);
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => undefined);
    const location = redirectTarget(response.headers.get('location'), response.url || connection.address);
    throw new StoreUnavailableError(
      scrub(
        `${connection.description}: ${method} ${apiPath} answered ${response.status}, a redirect to ${location ?? '(no location)'}, which is not followed; set the plan's address (or VAULT_ADDR) to the server that answers`,
      ),
    );
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    // undici rejects with `TypeError: terminated` when the connection drops mid-body; its cause says why.
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new StoreUnavailableError(
      `${connection.description}: ${method} ${apiPath}: the answer was cut off (${scrub(cause)})`,
    );
  }
  let parsed: VaultAnswer['body'];
  try {
    parsed = scrubErrors(
      parseAnswer<VaultAnswer['body']>(text, `${connection.description}: ${method} ${apiPath}`, response.status),
      scrub,
    );
  } catch (error) {
    // Raised anew: a stack captured with the first message would keep the token.
    if (error instanceof StoreUnavailableError) throw new StoreUnavailableError(scrub(error.message));
    throw error;
  }
  if (response.status === 403 || response.status === 401) {
    throw new StoreAuthError(
      `${connection.description}: permission denied on ${method} ${apiPath} (${response.status}); check VAULT_TOKEN and its policy`,
    );
  }
  if (response.status >= 500) {
    throw new StoreUnavailableError(
      `${connection.description}: ${method} ${apiPath} answered ${response.status} (${(parsed?.errors ?? []).join('; ')})`,
    );
  }
  return { status: response.status, body: parsed };
}

export const isCasMismatch = (answer: VaultAnswer) =>
  answer.status === 400 && (answer.body?.errors ?? []).some((error) => error.includes('check-and-set'));
