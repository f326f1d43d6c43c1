import { encodeSegment } from '../path-segments.js';

/**
 * The API path of a namespace's Secrets, or of one Secret: names encoded, and a name that would not stay in its
 * segment (`..`, empty) refused with UnsafePathError before anything is sent.
 */
export function secretsPath(namespace: string, name?: string): string {
  const collection = `api/v1/namespaces/${encodeSegment(namespace, `the namespace "${namespace}"`)}/secrets`;
  return name === undefined ? collection : `${collection}/${encodeSegment(name, `the Secret name "${name}"`)}`;
}
