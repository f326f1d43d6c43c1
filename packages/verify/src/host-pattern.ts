import { isIP } from 'node:net';

/**
 * Whether a client address matches a MySQL account host: `%`, a LIKE pattern of an IP (`10.10.10.%`,
 * `192.168.1._`), an exact address, or `address/netmask` (`10.0.0.0/255.0.0.0`). A host name pattern cannot
 * be decided from an address without DNS, so it does not match.
 */
export function hostPatternMatches(pattern: string, address: string): boolean {
  if (pattern === '%' || pattern === '') return true;
  const client = address.startsWith('::ffff:') ? address.slice(7) : address;
  const slash = pattern.indexOf('/');
  if (slash > 0) {
    const [network, mask] = [toIPv4(pattern.slice(0, slash)), toIPv4(pattern.slice(slash + 1))];
    const ip = toIPv4(client);
    return (
      network !== undefined && mask !== undefined && ip !== undefined && (ip & mask) >>> 0 === (network & mask) >>> 0
    );
  }
  if (!/^[0-9a-fA-F.:%_]+$/.test(pattern)) return false;
  const like = new RegExp(
    `^${pattern
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/%/g, '.*')
      .replace(/_/g, '.')}$`,
    'i',
  );
  return like.test(client);
}

function toIPv4(text: string): number | undefined {
  if (isIP(text) !== 4) return undefined;
  return text.split('.').reduce((value, part) => ((value << 8) | Number(part)) >>> 0, 0);
}
