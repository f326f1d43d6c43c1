import { inspect } from 'node:util';

/** Replaces every occurrence of the secrets in a text (a verifier's or a server's message) before it is logged. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let result = text;
  for (const secret of secrets) if (secret) result = result.split(secret).join('[REDACTED]');
  return result;
}

export const errorText = (error: unknown, secrets: ReadonlyArray<string | undefined>): string =>
  redact(error instanceof Error ? error.message : String(error), secrets);

const PREFIX = 4;

/** The forms a server may echo a secret in: as sent, escaped inside a JSON string, percent-encoded. */
const spellings = (secret: string): string[] => [
  ...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]),
];

/**
 * Every secret a run has seen (passwords it read, stored or logged in with, cloud credentials), scrubbed from
 * whatever leaves the library: events, results, warnings and thrown errors. One per run, fed as secrets become
 * known; a message is scrubbed of all of them, so a server echoing a whole batch's passwords leaks none.
 */
export class RunRedactor {
  private readonly secrets = new Set<string>();
  /**
   * Secrets by their first PREFIX characters, longest first, so that a secret holding another is replaced whole: a
   * text is scanned once, whatever the number of secrets (a fleet's run knows thousands, and scrubs every event).
   */
  private readonly byPrefix = new Map<string, string[]>();
  /** Secrets shorter than the prefix, replaced one by one. */
  private readonly short: string[] = [];

  add(...secrets: ReadonlyArray<string | undefined>): void {
    for (const secret of secrets) {
      if (!secret) continue;
      for (const spelling of spellings(secret)) {
        if (this.secrets.has(spelling)) continue;
        this.secrets.add(spelling);
        if (spelling.length < PREFIX) {
          this.short.push(spelling);
          this.short.sort((a, b) => b.length - a.length);
          continue;
        }
        const key = spelling.slice(0, PREFIX);
        const bucket = this.byPrefix.get(key) ?? [];
        bucket.push(spelling);
        bucket.sort((a, b) => b.length - a.length);
        this.byPrefix.set(key, bucket);
      }
    }
  }

  text(text: string): string {
    if (this.secrets.size === 0) return text;
    let scrubbed = '';
    let copied = 0;
    for (let at = 0; at + PREFIX <= text.length; ) {
      const secret = this.byPrefix
        .get(text.slice(at, at + PREFIX))
        ?.find((candidate) => text.startsWith(candidate, at));
      if (secret === undefined) {
        at += 1;
        continue;
      }
      scrubbed += `${text.slice(copied, at)}[REDACTED]`;
      at += secret.length;
      copied = at;
    }
    return redact(scrubbed + text.slice(copied), this.short);
  }

  /** Every string in a plain value (an event, a result with its evidence), scrubbed; other values as they are. */
  value<T>(value: T): T {
    if (typeof value === 'string') return this.text(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.value(item)) as T;
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.value(item)])) as T;
    return value;
  }

  /**
   * The error with every string it shows scrubbed (message, stack, its own fields such as a job's fail reason), kept
   * as the same object: its class still tells callers what happened. A cause that shows a secret anywhere is
   * replaced by its scrubbed message.
   */
  error(error: unknown): unknown {
    if (!(error instanceof Error)) return this.value(error);
    for (const key of ['message', 'stack'] as const) {
      const text = error[key];
      if (text !== undefined && this.text(text) !== text) redefine(error, key, this.text(text), false);
    }
    for (const [key, item] of Object.entries(error)) {
      const scrubbed = this.value(item);
      if (JSON.stringify(scrubbed) !== JSON.stringify(item)) redefine(error, key, scrubbed, true);
    }
    if (error.cause !== undefined && this.shows(error.cause)) {
      const scrubbed = error.cause instanceof Error ? this.text(error.cause.message) : this.value(error.cause);
      redefine(error, 'cause', this.shows(scrubbed) ? '[REDACTED]' : scrubbed, false);
    }
    return error;
  }

  /** Whether a value shows a known secret anywhere, as `util.inspect` (a logger, a crash report) would print it. */
  private shows(value: unknown): boolean {
    const shown = inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true });
    return this.text(shown) !== shown;
  }
}

const redefine = (error: Error, key: string, value: unknown, enumerable: boolean) =>
  Object.defineProperty(error, key, { value, writable: true, configurable: true, enumerable });
