// Unit tests of the spec -> operation table transforms (node --test, run by `npm test`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  envelopeDescriptor,
  errorsDescriptor,
  operationTable,
  passwordPolicies,
  runtimeSchema,
  securitySchemes,
} from './operation-table.mjs';

const spec = (extra = {}) => ({
  security: [{ akSk: [] }, { iamToken: [] }],
  components: { securitySchemes: { akSk: {}, iamToken: {}, digest: {} } },
  paths: {
    '/v1/{id}/password': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', description: 'doc' } }],
      put: {
        operationId: 'SetPassword',
        'x-dbpass-idempotent': false,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { password: { type: 'string', 'x-password-policy': { minLength: 8, description: 'x' } } },
              },
            },
          },
        },
        responses: { 202: {} },
      },
      get: {
        operationId: 'GetThing',
        parameters: [{ name: 'X-Date', in: 'header', 'x-dbpass-set-by': 'akSk', schema: { type: 'string' } }],
        responses: { 200: {} },
      },
    },
  },
  ...extra,
});

describe('runtimeSchema', () => {
  it('drops documentation keys at every depth but keeps a property named like one', () => {
    assert.deepEqual(
      runtimeSchema({ type: 'object', description: 'd', properties: { title: { type: 'string', example: 'x' } } }),
      { type: 'object', properties: { title: { type: 'string' } } },
    );
  });
});

describe('passwordPolicies', () => {
  it('finds policies by property path, through arrays', () => {
    const schema = {
      properties: { users: { items: { properties: { password: { 'x-password-policy': { minLength: 8 } } } } } },
    };
    assert.deepEqual(passwordPolicies(schema), { 'users[].password': { minLength: 8 } });
  });
});

describe('operationTable', () => {
  const table = operationTable(spec());
  it('takes idempotency from x-dbpass-idempotent, else from the method', () => {
    assert.equal(table.SetPassword.idempotent, false);
    assert.equal(table.GetThing.idempotent, true);
  });
  it('merges path-level parameters, keeps set-by, and the success status', () => {
    assert.deepEqual(
      table.SetPassword.parameters.map((parameter) => parameter.name),
      ['id'],
    );
    assert.equal(table.GetThing.parameters.find((parameter) => parameter.name === 'X-Date').setBy, 'akSk');
    assert.equal(table.SetPassword.successStatus, 202);
    assert.deepEqual(table.SetPassword.passwordPolicies, { password: { minLength: 8 } });
  });
});

describe('securitySchemes', () => {
  it("is the spec's security requirements, not every declared scheme", () => {
    assert.deepEqual(securitySchemes(spec()), ['akSk', 'iamToken']);
  });
  it('refuses a requirement naming an undeclared scheme', () => {
    assert.throws(() => securitySchemes(spec({ security: [{ basic: [] }] })), /undefined schemes: basic/);
  });
});

describe('errorsDescriptor and envelopeDescriptor', () => {
  it('keeps class -> codes, with the transient codes', () => {
    const errors = errorsDescriptor({
      'x-dbpass-error-codes': { NotFoundError: ['A.1'], ConflictError: ['B.2'] },
      'x-dbpass-transient-codes': ['B.2'],
    });
    assert.deepEqual(errors, { codes: { NotFoundError: ['A.1'], ConflictError: ['B.2'] }, transient: ['B.2'] });
  });
  it('refuses an unknown class and a code under two classes', () => {
    assert.throws(
      () => errorsDescriptor({ 'x-dbpass-error-codes': { TeapotError: ['A.1'] } }),
      /unknown class TeapotError/,
    );
    assert.throws(
      () => errorsDescriptor({ 'x-dbpass-error-codes': { NotFoundError: ['A.1'], ServerError: ['A.1'] } }),
      /A.1 is listed under NotFoundError and ServerError/,
    );
  });
  it('checks the envelope rule', () => {
    assert.deepEqual(envelopeDescriptor({ field: 'success', failure: false, description: 'd' }), {
      field: 'success',
      failure: false,
    });
    assert.throws(() => envelopeDescriptor({ field: 'success' }), /needs `field`/);
  });
});
