import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, plaintextRefusal } from './loopback.js';
import { type LookupFunction, loopbackOnlyLookup } from './loopback-lookup.js';

describe('isLoopbackAddress', () => {
  it('is 127.0.0.0/8, ::1 and 127.x mapped into IPv6, in the forms sockets and URLs write them', () => {
    for (const address of ['127.0.0.1', '127.255.3.4', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(address), address).toBe(true);
    expect(isLoopbackAddress(new URL('http://[::ffff:127.0.0.2]/').hostname)).toBe(true);
    for (const address of ['10.0.0.1', '0.0.0.0', '128.0.0.1', '::', '::2', '::ffff:10.0.0.1', 'fe80::1', 'localhost'])
      expect(isLoopbackAddress(address), address).toBe(false);
  });
});

describe('plaintextRefusal', () => {
  const refusal = (url: string, checksAddress: boolean) => plaintextRefusal(new URL(url), checksAddress);

  it('allows https anywhere and http to a loopback address', () => {
    expect(refusal('https://gaussdb.example.com', false)).toBeUndefined();
    expect(refusal('http://127.0.0.1:8080', false)).toBeUndefined();
    expect(refusal('http://[::1]:8080', false)).toBeUndefined();
  });

  it('allows http to localhost only where the address it resolves to is checked', () => {
    expect(refusal('http://localhost:8080', true)).toBeUndefined();
    expect(refusal('http://localhost:8080', false)).toMatch(/cannot be checked .* use 127\.0\.0\.1/);
  });

  it('refuses http to any other address or name', () => {
    expect(refusal('http://10.0.0.1:8200', true)).toBe('10.0.0.1 is not a loopback address');
    expect(refusal('http://localhost.example.com', true)).toMatch(/not a loopback address/);
    expect(refusal('http://127.0.0.1.example.com', true)).toMatch(/not a loopback address/);
  });

  it('treats TLS that is not verified like plaintext', () => {
    expect(plaintextRefusal(new URL('https://kube.example.com:6443'), true, true)).toMatch(/not a loopback address/);
    expect(plaintextRefusal(new URL('https://127.0.0.1:6443'), true, true)).toBeUndefined();
  });
});

describe('loopbackOnlyLookup', () => {
  const answers: Record<string, string[]> = {
    localhost: ['127.0.0.1', '::1'],
    mixed: ['127.0.0.1', '192.0.2.7'],
    elsewhere: ['192.0.2.7'],
  };
  const fake: LookupFunction = (hostname, _options, callback) =>
    callback(
      null,
      (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  const lookup = (hostname: string, all: boolean) =>
    new Promise<{ error: NodeJS.ErrnoException | null; found: unknown }>((resolve) =>
      loopbackOnlyLookup(fake)(hostname, { all }, (error, found) => resolve({ error, found })),
    );

  it('hands the socket the checked addresses when every one is loopback', async () => {
    expect((await lookup('localhost', true)).found).toEqual([
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    expect((await lookup('localhost', false)).found).toBe('127.0.0.1');
  });

  it('fails the connection, naming the addresses, when any address is not loopback', async () => {
    for (const name of ['mixed', 'elsewhere', 'nothing']) {
      const { error } = await lookup(name, true);
      expect(error?.code, name).toBe('DBPASS_NOT_LOOPBACK');
    }
    expect((await lookup('mixed', false)).error?.message).toMatch(/^mixed resolves to 192\.0\.2\.7, not a loopback/);
  });
});
