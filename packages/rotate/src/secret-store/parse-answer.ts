import { StoreUnavailableError } from './store-errors.js';

/**
 * A store server's JSON answer. An empty one is undefined; one that is not JSON (a proxy's HTML page, a body cut
 * off) is a typed error naming the server, the call and the status, never a SyntaxError.
 */
export function parseAnswer<T>(text: string, where: string, status: number): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new StoreUnavailableError(
      `${where} answered ${status} with a body that is not JSON (${text.length} bytes, starting ${JSON.stringify(text.slice(0, 40))}): is this the store's server, or was the answer cut off?`,
    );
  }
}
