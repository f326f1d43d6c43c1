import { describe, expect, it } from 'vitest';
import type { OperationDescriptor } from '../client/service-descriptor.js';
import { ValidationError } from '../errors/errors.js';
import { fillPath } from './path-template.js';
import { serializeRequest } from './serialize-request.js';

const operation: OperationDescriptor = {
  method: 'post',
  path: '/api/v2/instances/{instanceId}/tenants/{tenantId}/users/{userName}/password',
  successStatus: 200,
  idempotent: true,
  parameters: [],
};
const base = new URL('https://api.example.test/');
const serialize = (path: Record<string, string>) =>
  serializeRequest(base, operation, { path, query: {}, header: {} }, {}, 'ModifyTenantUserPassword');

describe('path parameters stay in their own segment', () => {
  it.each(['..', '.'])('refuses %j before anything is sent, naming the parameter', (value) => {
    let error: unknown;
    try {
      serialize({ instanceId: 'ob1', tenantId: value, userName: 'app' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      expect.objectContaining({ field: 'path.tenantId', rule: 'path-segment' }),
    ]);
    expect((error as Error).message).toMatch(/^ModifyTenantUserPassword: 1 invalid input, nothing was sent/);
  });

  it('refuses an empty value', () => {
    expect(() => fillPath('/v3/{project_id}/instances', { project_id: '' })).toThrow(ValidationError);
  });

  it('keeps slashes, percent signs and look-alikes of dot segments inside the segment', () => {
    for (const value of ['%2e%2e', '.%2e', '...', '../x', 'a/../b', '%/../../sys', '..\\x', '.. ']) {
      const { url } = serialize({ instanceId: 'ob1', tenantId: value, userName: 'app' });
      const segments = url.pathname.split('/');
      expect(segments).toHaveLength(10);
      expect(segments.slice(0, 6)).toEqual(['', 'api', 'v2', 'instances', 'ob1', 'tenants']);
      expect(decodeURIComponent(segments[6]!)).toBe(value);
      expect(segments.slice(7)).toEqual(['users', 'app', 'password']);
    }
  });
});
