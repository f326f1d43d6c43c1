import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CryptoImplementation } from './crypto.js';
import * as node from './node.js';
import { requireSync, runSteps } from './run-steps.js';
import * as web from './web.js';
import * as workerd from './workerd.js';

// Published vectors: FIPS 180-2 / RFC 1321 / RFC 4231 test case 2, and the empty body hash the signer uses.
const VECTORS = [
  { algorithm: 'SHA-256', data: 'abc', hex: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
  { algorithm: 'SHA-256', data: '', hex: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
  { algorithm: 'MD5', data: 'abc', hex: '900150983cd24fb0d6963f7d28e17f72' },
  { algorithm: 'MD5', data: '', hex: 'd41d8cd98f00b204e9800998ecf8427e' },
  { algorithm: 'SHA-512-256', data: 'abc', hex: '53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23' },
] as const;

// workerd's MD5 comes from its own WebCrypto, which Node's lacks: the Workers runtime suite covers it.
const WITHOUT_SHA512_256 = VECTORS.filter(({ algorithm }) => algorithm !== 'SHA-512-256');
describe.each([
  ['node:crypto', node, VECTORS],
  ['WebCrypto + noble', web, WITHOUT_SHA512_256],
  ['workerd WebCrypto', workerd, WITHOUT_SHA512_256.filter(({ algorithm }) => algorithm !== 'MD5')],
] as const)('#crypto from %s', (_, implementation, vectors) => {
  it('implements the contract', () => {
    expectTypeOf(implementation).toExtend<CryptoImplementation>();
  });

  it.each(vectors)('$algorithm of "$data"', async ({ algorithm, data, hex }) => {
    expect(await implementation.digestHex(algorithm, data)).toBe(hex);
    expect(await implementation.digestHex(algorithm, new TextEncoder().encode(data))).toBe(hex);
    if (algorithm === 'SHA-256') expect(await implementation.sha256Hex(data)).toBe(hex);
  });

  it('HMAC-SHA256 (RFC 4231 case 2), from the secret or from a key made once', async () => {
    const mac = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
    expect(await implementation.hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe(mac);
    expect(await implementation.hmacSha256Hex(implementation.hmacKey('Jefe'), 'what do ya want for nothing?')).toBe(
      mac,
    );
  });
});

it.each([web, workerd])(
  'WebCrypto runtimes refuse SHA-512-256 Digest with a clear error (no browser has it)',
  (implementation) => {
    expect(() => implementation.digestHex('SHA-512-256', 'abc')).toThrow(/SHA-512-256 needs node:crypto/);
  },
);

describe('runSteps', () => {
  function* steps(
    hash: (text: string) => string | Promise<string>,
  ): Generator<string | Promise<string>, string, string> {
    const first = yield hash('a');
    return `${first}:${yield hash(first)}`;
  }

  it('stays synchronous while every step is', () => {
    expect(runSteps(steps((text) => `${text}!`))).toBe('a!:a!!');
  });

  it('becomes a promise at the first asynchronous step', async () => {
    const result = runSteps(steps(async (text) => `${text}?`));
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toBe('a?:a??');
  });

  it('requireSync names the async form instead of returning a promise', () => {
    expect(() => requireSync(Promise.resolve(1), 'signRequest', 'signRequestAsync')).toThrow(
      /signRequest is synchronous.*use signRequestAsync/,
    );
    expect(requireSync(1, 'signRequest')).toBe(1);
  });
});
