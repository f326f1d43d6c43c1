// Unit tests of the rendering of a package's TypeScript (node --test, run by `npm test`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientPrefix, renderIndexFile, renderOperationsFile, renderRawFile } from './client-surface.mjs';
import { methodName } from './naming.mjs';

const api = { package: '@dbpass/client-x', title: 'X Cloud', clientName: 'XCloudClient', serviceConst: 'xService' };

describe('names', () => {
  it('methods are camelCase operationIds; the prefix drops "Client"', () => {
    assert.equal(methodName('ResetGaussMySqlPassword'), 'resetGaussMySqlPassword');
    assert.equal(clientPrefix(api), 'XCloud');
  });
});

describe('renderOperationsFile', () => {
  const operation = (path) => ({ method: 'put', path, successStatus: 200, idempotent: true, parameters: [] });
  const descriptor = {
    name: 'x',
    security: ['akSk'],
    operations: {
      SetA: { ...operation('/a'), passwordPolicies: { password: { minLength: 8 } } },
      SetB: { ...operation('/b'), passwordPolicies: {} },
    },
  };
  const file = renderOperationsFile(api, descriptor, 's');

  it('gives each operation its own constant, and the service info none of them', () => {
    assert.match(file, /export const setAOperation = \{\n {2}"method": "put",\n {2}"path": "\/a"/);
    assert.match(file, /export const setBOperation = /);
    const info = file.slice(file.indexOf('export const xServiceInfo'), file.indexOf('export const setAOperation'));
    assert.doesNotMatch(info, /operations|\/a"|passwordPolicies/);
  });
  it('assembles the whole service by a call marked pure, so that a bundler can drop it', () => {
    assert.match(
      file,
      /export const xService = \/\* @__PURE__ \*\/ Object\.assign\(\s*\{ operations: \{ SetA: setAOperation, SetB: setBOperation \} \},\s*xServiceInfo,\s*\)/,
    );
  });
  it('keeps the password policies out of the operations', () => {
    assert.doesNotMatch(file.slice(0, file.indexOf('export const passwordPolicies')), /minLength/);
    assert.match(
      file.slice(file.indexOf('export const passwordPolicies')),
      /"SetA": \{\n {4}"password": \{\n {6}"minLength": 8/,
    );
  });
});

describe('renderIndexFile', () => {
  it("exports only the auth factories of the spec's security, and core's user-facing parts, not all of core", () => {
    const index = renderIndexFile(api, { security: ['digest'] }, 'specs/x.yaml', { hasCustom: false });
    assert.match(index, /oceanbaseDigest,/);
    assert.doesNotMatch(index, /akSk|iamToken/);
    assert.doesNotMatch(index, /export \* from '@dbpass\/core'/);
    assert.match(index, /OutcomeUnknownError,/);
    assert.match(index, /RedirectError,/);
    assert.match(index, /InsecureEndpointError,/);
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
