import { encodeSegment } from '../path-segments.js';

/**
 * A KV path (`secret`, `dbpass/app-db/app@%`) as the part of a Vault API path it names: split at `/` (empty parts
 * from doubled or outer slashes dropped, as Vault does), each part percent-encoded, `.` and `..` refused with
 * UnsafePathError: a URL parser would take them as steps and the request would reach another path (`sys/...`).
 */
export function vaultPath(path: string): string {
  return path
    .split('/')
    .filter(Boolean)
    .map((segment) => encodeSegment(segment, `the Vault path "${path}"`))
    .join('/');
}

/** `<mount>/<data|metadata>/<folder>/<key>`: the API path of a KV v2 secret (or of its folder, for a LIST). */
export const kvApiPath = (mount: string, area: 'data' | 'metadata', folder: string, key: string): string =>
  `${vaultPath(mount)}/${area}/${vaultPath(`${folder}/${key}`)}`;
