/**
 * Records keyed by names from outside (account ids, target names, Secret data keys): without a prototype, so that an
 * account named `constructor`, `toString` or `__proto__` is a key like any other, never Object.prototype's.
 */
export function ownRecord<T>(from: Readonly<Record<string, T>> = {}): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  for (const [key, value] of Object.entries(from)) setOwn(record, key, value);
  return record;
}

/** The record's own value under `key`: never one it inherits. */
export const ownValue = <T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  record !== undefined && record !== null && Object.hasOwn(record, key) ? record[key] : undefined;

/** Sets `key` as an own property whatever the record's prototype (`record.__proto__ = x` would replace the prototype). */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
