// Unit tests of the rendering of a package's TypeScript (node --test, run by `npm test`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientPrefix, renderIndexFile, renderRawFile } from './client-surface.mjs';
import { methodName } from './naming.mjs';

const api = { package: '@dbpass/client-x', title: 'X Cloud', clientName: 'XCloudClient', serviceConst: 'xService' };

describe('names', () => {
  it('methods are camelCase operationIds; the prefix drops "Client"', () => {
    assert.equal(methodName('ResetGaussMySqlPassword'), 'resetGaussMySqlPassword');
    assert.equal(clientPrefix(api), 'XCloud');
  });
});

describe('renderIndexFile', () => {
  it("exports only the auth factories of the spec's security, and core's user-facing parts, not all of core", () => {
    const index = renderIndexFile(api, { security: ['digest'] }, 'specs/x.yaml', { hasCustom: false });
    assert.match(index, /oceanbaseDigest,/);
    assert.doesNotMatch(index, /akSk|iamToken/);
    assert.doesNotMatch(index, /export \* from '@dbpass\/core'/);
    assert.match(index, /OutcomeUnknownError,/);
    assert.doesNotMatch(index, /custom/);
  });
  it('re-exports the hand-written seam when the package has one', () => {
    assert.match(
      renderIndexFile(api, { security: ['akSk'] }, 's', { hasCustom: true }),
      /export \* from '\.\.\/custom\/index\.js';/,
    );
  });
});

describe('renderRawFile', () => {
  it('offers the raw client, the transport as fetch and the auth middleware, typed by the scheme', () => {
    const raw = renderRawFile(api, 's');
    for (const name of ['createXCloudRawClient', 'createXCloudFetch', 'createXCloudAuthMiddleware'])
      assert.match(raw, new RegExp(`export function ${name}\\(`));
    assert.match(raw, /options: XCloudClientOptions/);
  });
});
