import type { Middleware } from './transport.js';

/**
 * Where a middleware sits in a client's chain, outermost first:
 * - `call`: once per call, around everything else (retries included); sees the final answer or a typed DbpassError.
 * - `attempt`: once per attempt, inside the retry loop and outside auth; sees the unsigned request.
 * - `wire`: once per request put on the wire, after signing (a Digest challenge's resend and an IAM token request
 *   are requests of their own); sees the raw answer, a redirect included, before anything reads it.
 */
export type MiddlewareStep = 'call' | 'attempt' | 'wire';

/** A middleware placed at a step of the chain (`ClientOptions.middleware`). */
export interface MiddlewareEntry {
  readonly step: MiddlewareStep;
  /** Names it in a configuration error; unique within one client's list. */
  readonly name: string;
  readonly middleware: Middleware;
}

export const MIDDLEWARE_STEPS: readonly MiddlewareStep[] = ['call', 'attempt', 'wire'];

/** A client's middleware by step, each list outermost first (the order given). */
export type MiddlewareSteps = Readonly<Record<MiddlewareStep, readonly Middleware[]>>;

/** Sorts the entries into their steps, keeping their order; a TypeError names an entry that is not one. */
export function middlewareSteps(entries: readonly MiddlewareEntry[] | undefined, owner: string): MiddlewareSteps {
  const steps: Record<MiddlewareStep, Middleware[]> = { call: [], attempt: [], wire: [] };
  const names = new Set<string>();
  for (const [index, entry] of (entries ?? []).entries()) {
    const where = `${owner}: middleware[${index}]`;
    if (typeof entry?.name !== 'string' || entry.name === '')
      throw new TypeError(`${where} needs a \`name\` (a non-empty string)`);
    if (names.has(entry.name))
      throw new TypeError(`${where}: the name "${entry.name}" is given twice; each middleware needs its own`);
    if (!MIDDLEWARE_STEPS.includes(entry.step))
      throw new TypeError(`${where} ("${entry.name}"): \`step\` must be ${MIDDLEWARE_STEPS.join(', ')}`);
    if (typeof entry.middleware !== 'function')
      throw new TypeError(`${where} ("${entry.name}"): \`middleware\` must be a function \`(next) => send\``);
    names.add(entry.name);
    steps[entry.step].push(entry.middleware);
  }
  return steps;
}
