// Differential test: our signer against the official @huaweicloud/huaweicloud-sdk-core AKSKSigner on
// 10,000 random requests. The official signer is a dev dependency of this test only.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../src/auth/sign-request.js';
const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials');
/** A seeded PRNG (mulberry32) so that a failure can be replayed. */
function prng(seed) {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~';
// Path characters: unreserved, sub-delims the legacy url.parse keeps as they are, and non-ASCII.
const PATH_CHARS = `${UNRESERVED}!$&()*+,;=:@éü一€`;
// Query characters: everything, including reserved ones, %, spaces and non-ASCII (sent percent-encoded).
const QUERY_CHARS = `${UNRESERVED} !"#$%&'()*+,/:;<=>?@[\\]^\`{|}éü一€😀`;
const HEADER_NAME_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789-';
const HEADER_VALUE_CHARS = `${UNRESERVED} !#$%&'()*+,/:;=?@[]`;
function randomRequest(random) {
    const pick = (chars) => {
        const list = [...chars];
        return list[Math.floor(random() * list.length)];
    };
    const text = (chars, min, max) => {
        const length = min + Math.floor(random() * (max - min + 1));
        return Array.from({ length }, () => pick(chars)).join('');
    };
    // `.` and `..` segments are excluded: URL parsing (and so fetch) removes them before anything is signed or sent.
    const segments = Array.from({ length: 1 + Math.floor(random() * 5) }, () => text(PATH_CHARS, 1, 12)).map((segment) => (/^\.{1,2}$/.test(segment) ? `${segment}x` : segment));
    const rawPath = `/${segments.join('/')}${random() < 0.2 ? '/' : ''}`;
    const queryParams = {};
    const queryCount = Math.floor(random() * 5);
    for (let index = 0; index < queryCount; index++) {
        const key = text(QUERY_CHARS, 1, 8);
        queryParams[key] = random() < 0.3 ? Array.from({ length: 2 + Math.floor(random() * 3) }, () => text(QUERY_CHARS, 0, 10)) : text(QUERY_CHARS, 0, 10);
    }
    const headers = { 'X-Sdk-Date': '20240101T000000Z', host: 'gaussdb.cn-north-4.myhuaweicloud.com' };
    const headerCount = Math.floor(random() * 4);
    for (let index = 0; index < headerCount; index++) {
        const value = text(HEADER_VALUE_CHARS, 1, 20).trim() || 'v';
        headers[`x-${text(HEADER_NAME_CHARS, 1, 10)}`] = value;
    }
    const withBody = random() < 0.6;
    if (withBody)
        headers['content-type'] = 'application/json';
    const data = withBody ? { user_name: text(QUERY_CHARS, 1, 16), password: text(QUERY_CHARS, 8, 32), n: Math.floor(random() * 1000), nested: { list: [text(QUERY_CHARS, 0, 5), random() < 0.5] } } : undefined;
    const method = pick('GPD') === 'G' ? 'GET' : random() < 0.5 ? 'PUT' : 'POST';
    return { method, rawPath, queryParams, headers, data };
}
describe('AK/SK signatures equal the official Huawei Node signer', () => {
    it('on 10,000 random requests', () => {
        const random = prng(20261123);
        const credentials = new BasicCredentials().withAk('AccessKeyDifferential').withSk('SecretKeyDifferential0123456789');
        let compared = 0;
        for (let index = 0; index < 10_000; index++) {
            const request = randomRequest(random);
            const official = AKSKSigner.sign({ method: request.method, endpoint: `https://gaussdb.cn-north-4.myhuaweicloud.com${request.rawPath}`, queryParams: request.queryParams, headers: { ...request.headers }, data: request.data }, credentials).Authorization;
            // What dbpass sends: the path and query percent-encoded as openapi-fetch does, the body as bytes.
            const path = request.rawPath.split('/').map((segment) => encodeURIComponent(segment)).join('/');
            const query = Object.entries(request.queryParams)
                .flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((item) => `${encodeURIComponent(key)}=${encodeURIComponent(item)}`))
                .join('&');
            const url = new URL(`https://gaussdb.cn-north-4.myhuaweicloud.com${path}${query ? `?${query}` : ''}`);
            const ours = signRequest({ method: request.method, url, headers: request.headers, body: request.data === undefined ? undefined : JSON.stringify(request.data) }, { ak: 'AccessKeyDifferential', sk: 'SecretKeyDifferential0123456789' }).authorization;
            if (ours !== official) {
                throw new Error(`request ${index} differs:\n${JSON.stringify(request, null, 2)}\nours:     ${ours}\nofficial: ${official}`);
            }
            compared += 1;
        }
        expect(compared).toBe(10_000);
    });
});
