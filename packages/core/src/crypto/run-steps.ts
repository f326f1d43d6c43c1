import type { Awaitable } from './crypto.js';

const isPromise = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';

/**
 * Runs an algorithm written once as a generator whose `yield`s are hash results: synchronously while each
 * result is a plain value (node:crypto), and as a promise from the first one that is not (WebCrypto). So
 * Node keeps synchronous signing, and one code path serves both.
 */
export function runSteps<T>(steps: Generator<Awaitable<string>, T, string>): Awaitable<T> {
  let step = steps.next();
  while (!step.done) {
    if (isPromise(step.value)) return finish(steps, step.value);
    step = steps.next(step.value);
  }
  return step.value;
}

async function finish<T>(steps: Generator<Awaitable<string>, T, string>, pending: PromiseLike<string>): Promise<T> {
  let step = steps.next(await pending);
  while (!step.done) step = steps.next(await step.value);
  return step.value;
}

/** The value of a synchronous run; a clear error where the runtime's crypto is asynchronous. */
export function requireSync<T>(value: Awaitable<T>, name: string, instead?: string): T {
  if (isPromise(value)) {
    value.then(undefined, () => undefined);
    throw new TypeError(
      `${name} is synchronous, which needs node:crypto; this runtime has WebCrypto only${instead ? `: use ${instead}` : ''}`,
    );
  }
  return value;
}
