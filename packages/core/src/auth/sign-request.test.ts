import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signingVectors } from '../../test/vectors.js';
import {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  formatSdkDate,
  parseAuthorization,
  parseSdkDate,
  signRequest,
} from './sign-request.js';

describe('SDK-HMAC-SHA256 vectors (docs/reference/vectors/huawei-aksk.json)', () => {
  it('has the published vectors to check', () => {
    expect(signingVectors.filter((vector) => vector.published).length).toBeGreaterThanOrEqual(3);
  });

  for (const vector of signingVectors) {
    it(`${vector.name}${vector.published ? '' : ' (derived, regression only)'}`, () => {
      const request = {
        method: vector.request.method,
        url: new URL(vector.request.url),
        headers: vector.request.headers,
        body: vector.request.body,
      };
      const signed = signRequest(request, { ak: vector.ak, sk: vector.sk });
      expect(signed.signedHeaders).toBe(vector.signedHeaders);
      expect(signed.signature).toBe(vector.signature);
      expect(signed.authorization).toBe(
        `SDK-HMAC-SHA256 Access=${vector.ak}, SignedHeaders=${vector.signedHeaders}, Signature=${vector.signature}`,
      );
      if (vector.hashedCanonicalRequest) {
        expect(createHash('sha256').update(signed.canonicalRequest).digest('hex')).toBe(vector.hashedCanonicalRequest);
      }
      if (vector.payloadHash) expect(signed.canonicalRequest.split('\n').at(-1)).toBe(vector.payloadHash);
    });
  }

  it('reproduces the documented canonical request of the APIG example line by line', () => {
    const [doc] = signingVectors;
    const { canonicalRequest: text } = canonicalRequest({
      method: 'GET',
      url: new URL(doc!.request.url),
      headers: doc!.request.headers,
    });
    expect(text).toBe(
      [
        'GET',
        '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/',
        'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
        'content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n',
        'content-type;host;x-sdk-date',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
  });
});

describe('canonicalisation details', () => {
  it('reproduces the Go SDK query-string vector (repeated keys, reserved and non-ASCII characters)', () => {
    const search = [
      ['limit', '1'],
      ['enable', 'true'],
      ['test', '一 (&=?!#%.*)'],
      ['path', '/tmp/123'],
      ['multi', '3'],
      ['multi', '1'],
      ['multi', '2'],
    ]
      .map(([key, value]) => `${encodeURIComponent(key!)}=${encodeURIComponent(value!)}`)
      .join('&');
    expect(canonicalQuery(search)).toBe(
      'enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29',
    );
  });

  it('decodes path segments before encoding them, so an encoded path is not encoded twice', () => {
    expect(canonicalUri('/v3/urn%3Afss%3Ax/a%20b')).toBe('/v3/urn%3Afss%3Ax/a%20b/');
    expect(canonicalUri('/v3/urn:fss:x/a b')).toBe('/v3/urn%3Afss%3Ax/a%20b/');
    expect(canonicalUri('/')).toBe('/');
    expect(canonicalUri('')).toBe('/');
  });

  it('formats and parses X-Sdk-Date', () => {
    const date = new Date(Date.UTC(2019, 10, 15, 3, 36, 55));
    expect(formatSdkDate(date)).toBe('20191115T033655Z');
    expect(parseSdkDate('20191115T033655Z')?.getTime()).toBe(date.getTime());
    expect(parseSdkDate('2019-11-15T03:36:55Z')).toBeUndefined();
  });

  it('parses an Authorization header and rejects other schemes', () => {
    expect(parseAuthorization('SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=abc123')).toEqual({
      access: 'AK',
      signedHeaders: ['host', 'x-sdk-date'],
      signature: 'abc123',
    });
    expect(parseAuthorization('Basic QUs6U0s=')).toBeUndefined();
  });

  it('refuses to sign without X-Sdk-Date', () => {
    expect(() =>
      signRequest({ method: 'GET', url: new URL('https://h/p'), headers: { host: 'h' } }, { ak: 'a', sk: 's' }),
    ).toThrow(/X-Sdk-Date/);
  });
});

describe('canonicalisation where the official signers are the reference', () => {
  it('decodes the valid escapes of a segment with a malformed one, as Python unquote and Go do (中5%zz)', () => {
    expect(canonicalUri('/v3/p/instances/%E4%B8%AD5%zz/password')).toBe('/v3/p/instances/%E4%B8%AD5%25zz/password/');
    expect(canonicalUri('/a/%zz%41/b')).toBe('/a/%25zzA/b/');
    expect(canonicalUri('/a/100%/b')).toBe('/a/100%25/b/');
    expect(canonicalQuery('k=%E4%B8%AD%zz')).toBe('k=%E4%B8%AD%25zz');
  });

  it('sorts query keys and values by code point: a character above U+FFFF after one in U+E000-U+FFFF', () => {
    const astral = encodeURIComponent('\u{1F600}');
    const privateUse = encodeURIComponent('\uE000');
    expect(canonicalQuery(`${astral}=1&${privateUse}=2&a=3`)).toBe(`a=3&${privateUse}=2&${astral}=1`);
    expect(canonicalQuery(`k=${astral}&k=${privateUse}`)).toBe(`k=${privateUse}&k=${astral}`);
  });
});
