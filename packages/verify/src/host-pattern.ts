import { isIP } from 'node:net';
import { likeMatches } from './like-pattern.js';

/**
 * The longest account host MySQL stores: the grant tables' Host column holds 255 characters (60 before MySQL
 * 8.0.17; MySQL 8.0 Reference Manual, "Grant Table Scope Column Properties"; MariaDB raised it to 255 in 10.6,
 * MDEV-24312). The TaurusDB spec's `host` has the same maxLength. A longer pattern names no account.
 */
export const MAX_HOST_LENGTH = 255;

/**
 * Whether a client address matches a MySQL account host: `%`, a LIKE pattern of an IP (`10.10.10.%`,
 * `192.168.1._`), an exact address, or `address/netmask` (`10.0.0.0/255.0.0.0`). A host name pattern cannot
 * be decided from an address without DNS, so it does not match.
 */
export function hostPatternMatches(pattern: string, address: string): boolean {
  if (pattern === '%' || pattern === '') return true;
  if (pattern.length > MAX_HOST_LENGTH || address.length > MAX_HOST_LENGTH) return false;
  const client = address.startsWith('::ffff:') ? address.slice(7) : address;
  const slash = pattern.indexOf('/');
  if (slash > 0) {
    const [network, mask] = [toIPv4(pattern.slice(0, slash)), toIPv4(pattern.slice(slash + 1))];
    const ip = toIPv4(client);
    return (
      network !== undefined && mask !== undefined && ip !== undefined && (ip & mask) >>> 0 === (network & mask) >>> 0
    );
  }
  // Only the characters of an address and the two wildcards: no escapes (an address holds no `%` or `_` to escape).
  if (!/^[0-9a-fA-F.:%_]+$/.test(pattern)) return false;
  return likeMatches(pattern, client);
}

function toIPv4(text: string): number | undefined {
  if (isIP(text) !== 4) return undefined;
  return text.split('.').reduce((value, part) => ((value << 8) | Number(part)) >>> 0, 0);
}
