/**
 * Which addresses are loopback, and so may be sent plaintext (the emulator, a store on this host). Decided by
 * the address connected to, never by a name alone: `localhost` is loopback only once it has been resolved and
 * every address it resolves to is.
 */

/** The only name that may stand for loopback, and only where the address it resolves to is checked. */
export const LOOPBACK_NAME = 'localhost';

/** The code of the error a checked lookup fails with when a name resolves to an address that is not loopback. */
export const NOT_LOOPBACK_CODE = 'DBPASS_NOT_LOOPBACK';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An IPv6 address's eight 16-bit groups (a dotted IPv4 tail included), or undefined if it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.replace(/%.*$/, '');
  const tail = IPV4.exec(text.slice(text.lastIndexOf(':') + 1));
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, text.lastIndexOf(':') + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...rest];
  if (!groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return groups.map((group) => Number.parseInt(group, 16));
}

/** Whether an address (as a socket or dns.lookup gives it, or a URL's bracketed IPv6 host) is in 127.0.0.0/8 or ::1. */
export function isLoopbackAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const v4 = IPV4.exec(bare);
  if (v4) return v4.slice(1).every((octet) => Number(octet) <= 255) && v4[1] === '127';
  const groups = ipv6Groups(bare);
  if (!groups) return false;
  const zeros = (count: number) => groups.slice(0, count).every((group) => group === 0);
  // ::1, or 127.x.y.z mapped into IPv6 (::ffff:127.0.0.1, as a dual-stack socket reports it).
  return (zeros(7) && groups[7] === 1) || (zeros(5) && groups[5] === 0xffff && (groups[6] ?? 0) >> 8 === 127);
}

/** Whether a URL's host is an address (a literal is connected to as written) rather than a name to resolve. */
export function isAddressLiteral(url: URL): boolean {
  return url.hostname.startsWith('[') || IPV4.test(url.hostname);
}

/**
 * Why plaintext (http, or TLS whose certificate is not checked) to this URL is refused, or undefined when it is
 * allowed: an address literal must be loopback; the name `localhost` is allowed only to a client that resolves
 * it and connects to the checked address (`checksAddress`), since another (a given fetch) connects wherever the
 * name points. https with a verified certificate needs no check: pass `plaintext` false.
 */
export function plaintextRefusal(
  url: URL,
  checksAddress: boolean,
  plaintext = url.protocol !== 'https:',
): string | undefined {
  if (!plaintext) return undefined;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol} is not http or https`;
  if (isAddressLiteral(url))
    return isLoopbackAddress(url.hostname) ? undefined : `${url.hostname} is not a loopback address`;
  if (url.hostname !== LOOPBACK_NAME) return `${url.hostname} is not a loopback address`;
  return checksAddress
    ? undefined
    : `the address ${url.hostname} resolves to cannot be checked with the fetch in use; use 127.0.0.1 or [::1]`;
}
