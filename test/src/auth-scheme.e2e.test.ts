// The spec's `security` decides which auth a client accepts: a wrong one is a type error, and at run time
// a TypeError naming it, before anything is sent.

import { createOceanBaseClient, type OceanBaseClientOptions, oceanbaseDigest } from '@dbpass/client-oceanbase';
import { akSk, createTaurusDbClient, iamToken, type TaurusDbClientOptions } from '@dbpass/client-taurusdb';
import { createTaurusDbAuthMiddleware, createTaurusDbRawClient } from '@dbpass/client-taurusdb/raw';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { h, o, useEmulator } from './setup.js';

const emulator = useEmulator();
const huaweiKeys = { ak: h.ak, sk: h.sk };
const digestKeys = { accessKeyId: o.accessKeyId, accessKeySecret: o.accessKeySecret };

describe('auth follows the spec', () => {
  it('types: each client accepts exactly the schemes of its spec', () => {
    expectTypeOf(akSk(huaweiKeys)).toMatchTypeOf<TaurusDbClientOptions['auth']>();
    expectTypeOf(iamToken({ token: 't' })).toMatchTypeOf<TaurusDbClientOptions['auth']>();
    expectTypeOf(oceanbaseDigest(digestKeys)).not.toMatchTypeOf<TaurusDbClientOptions['auth']>();
    expectTypeOf(oceanbaseDigest(digestKeys)).toMatchTypeOf<OceanBaseClientOptions['auth']>();
    expectTypeOf(akSk(huaweiKeys)).not.toMatchTypeOf<OceanBaseClientOptions['auth']>();
  });

  it('an OceanBase client with akSk() fails with an error naming both, and sends nothing', () => {
    const before = emulator.current.requests.length;
    // @ts-expect-error the OceanBase spec's security is Digest only
    expect(() => createOceanBaseClient({ endpoint: emulator.current.url, auth: akSk(huaweiKeys) })).toThrow(
      /akSk\(\) auth .* not accepted .* oceanbaseDigest\(\)/,
    );
    expect(emulator.current.requests.length).toBe(before);
  });

  it('a TaurusDB client, raw client or middleware with oceanbaseDigest() fails the same way', () => {
    const wrong = oceanbaseDigest(digestKeys);
    const message = /oceanbaseDigest\(\) auth .* not accepted .* akSk\(\) or iamToken\(\)/;
    // @ts-expect-error the TaurusDB spec's security is AK/SK or IAM token
    expect(() => createTaurusDbClient({ endpoint: emulator.current.url, auth: wrong })).toThrow(message);
    // @ts-expect-error the same for the raw client
    expect(() => createTaurusDbRawClient({ endpoint: emulator.current.url, auth: wrong })).toThrow(message);
    // @ts-expect-error and for the openapi-fetch middleware
    expect(() => createTaurusDbAuthMiddleware({ auth: wrong })).toThrow(message);
  });
});
