import { describe, expect, it } from 'vitest';
import { decorateSpec } from './decorate-spec.js';
import { listOperations } from './list-operations.js';

const policy = {
  minLength: 10,
  maxLength: 32,
  classes: ['upper', 'lower', 'digit', 'special'],
  minClasses: 4,
  specials: '!@',
  sources: ['a', 'b'],
};
const spec = {
  openapi: '3.1.0',
  paths: {
    '/users/{id}/password': {
      put: {
        operationId: 'ChangeUserPassword',
        summary: 'Change it',
        tags: ['HTAP StarRocks'],
        description: 'Changes it.',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                properties: { password: { type: 'string', description: 'New password.', 'x-password-policy': policy } },
              },
            },
          },
        },
      },
    },
  },
};

describe('decorateSpec', () => {
  it('appends the rule list to each password field and the client method to each operation, leaving the input alone', () => {
    const before = structuredClone(spec);
    const { spec: decorated, passwordFields } = decorateSpec(spec, '@dbpass/client-x');
    expect(spec).toEqual(before);
    expect(passwordFields).toBe(1);
    const operation = (decorated as typeof spec).paths['/users/{id}/password'].put;
    expect(operation.description).toBe(
      'Changes it.\n\n**In the SDK:** `changeUserPassword()` of `@dbpass/client-x` (operation `ChangeUserPassword`).',
    );
    const field = operation.requestBody.content['application/json'].schema.properties.password;
    expect(field.description).toMatch(/^New password\.\n\n\*\*Password rules\*\*/);
    expect(field.description).toContain('- Length: 10 to 32 characters');
    expect(field.description).toContain('**The vendor docs disagree**');
  });
});

describe('listOperations', () => {
  it("gives each operation Redoc's route and its client method", () => {
    expect(listOperations(spec)).toEqual([
      {
        operationId: 'ChangeUserPassword',
        method: 'PUT',
        path: '/users/{id}/password',
        summary: 'Change it',
        tag: 'HTAP StarRocks',
        clientMethod: 'changeUserPassword',
        anchor: '#/htap-starrocks/changeuserpassword',
      },
    ]);
  });

  it('refuses an operation the docs could not link to', () => {
    expect(() => listOperations({ paths: { '/x': { get: { operationId: 'X', summary: 'x' } } } })).toThrow(
      /need an operationId, a summary and a tag/,
    );
  });
});
