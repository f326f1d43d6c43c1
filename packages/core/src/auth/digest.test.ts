import { describe, expect, it } from 'vitest';
import { digestAuthorization, parseAuthParams, parseDigestChallenge } from './digest.js';

describe('Digest responses reproduce the published RFC examples', () => {
  it('RFC 2617 section 3.5 (MD5, qop=auth)', () => {
    const challenge = parseDigestChallenge(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    )!;
    const { response, header } = digestAuthorization({
      challenge,
      username: 'Mufasa',
      password: 'Circle Of Life',
      method: 'GET',
      uri: '/dir/index.html',
      nc: 1,
      cnonce: '0a4f113b',
    });
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
    expect(header).toContain('qop=auth, nc=00000001, cnonce="0a4f113b"');
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  });

  for (const [algorithm, expected] of [
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ] as const) {
    it(`RFC 7616 section 3.9.1 (${algorithm})`, () => {
      const challenge = parseDigestChallenge(
        `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`,
      )!;
      const { response } = digestAuthorization({
        challenge,
        username: 'Mufasa',
        password: 'Circle of Life',
        method: 'GET',
        uri: '/dir/index.html',
        nc: 1,
        cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
      });
      expect(response).toBe(expected);
    });
  }
});

describe('challenge parsing', () => {
  it('finds the Digest challenge among several and reads stale', () => {
    const challenge = parseDigestChallenge(
      'Basic realm="x", Digest realm="Example Cloud", nonce="abc", qop="auth", stale=TRUE, algorithm=SHA-256',
    );
    expect(challenge).toMatchObject({
      realm: 'Example Cloud',
      nonce: 'abc',
      qop: ['auth'],
      stale: true,
      algorithm: 'SHA-256',
    });
  });

  it('answers nothing but Digest, and no unknown algorithm', () => {
    expect(parseDigestChallenge('Basic realm="x"')).toBeUndefined();
    expect(parseDigestChallenge('Digest realm="x", nonce="n", algorithm=SHA-1')).toBeUndefined();
    expect(parseDigestChallenge(null)).toBeUndefined();
  });

  it('unescapes quoted strings', () => {
    expect(parseAuthParams('realm="a \\"b\\" c", nonce=xyz')).toEqual({ realm: 'a "b" c', nonce: 'xyz' });
  });
});
