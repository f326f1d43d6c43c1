/** Lower-case hex of the bytes. */
export const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (byte) => (byte < 16 ? '0' : '') + byte.toString(16)).join('');
