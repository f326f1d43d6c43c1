import { describe, expect, it } from 'vitest';
import type { OperationDescriptor } from '../client/service-descriptor.js';
import { validateRequest } from './validate-request.js';

// The shapes of ListGaussMySqlDatabaseUser's paging parameters and of an HTAP account's database list.
const operation: OperationDescriptor = {
  method: 'put',
  path: '/v3/{project_id}/instances/{instance_id}/users',
  successStatus: 200,
  idempotent: true,
  parameters: [
    { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } },
    { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100 } },
    {
      name: 'ratio',
      in: 'query',
      required: false,
      schema: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    },
  ],
  body: {
    required: false,
    schema: {
      type: 'object',
      properties: {
        databases: { type: 'array', uniqueItems: true, items: { type: 'string' } },
        grants: { type: 'array', uniqueItems: true, items: { type: 'object' } },
      },
    },
  },
};

const issuesOf = (query: Record<string, unknown>, body?: unknown) =>
  validateRequest(operation, { path: {}, query, header: {} }, body);

describe('minimum and maximum', () => {
  it('accepts the bounds themselves', () => {
    expect(issuesOf({ offset: 0, limit: 1 })).toEqual([]);
    expect(issuesOf({ limit: 100 })).toEqual([]);
  });

  it.each([
    [{ limit: 0 }, 'query.limit', 'minimum', 'must be at least 1'],
    [{ limit: 101 }, 'query.limit', 'maximum', 'must be at most 100'],
    [{ offset: -1 }, 'query.offset', 'minimum', 'must be at least 0'],
    [{ ratio: 0 }, 'query.ratio', 'exclusiveMinimum', 'must be more than 0'],
    [{ ratio: 1 }, 'query.ratio', 'exclusiveMaximum', 'must be less than 1'],
  ])('refuses %j before sending: %s %s', (query, field, rule, message) => {
    expect(issuesOf(query)).toEqual([{ field, rule, message }]);
  });

  it('checks the type first: a string limit is a type issue, not a bound issue', () => {
    expect(issuesOf({ limit: '0' })).toEqual([{ field: 'query.limit', rule: 'type', message: 'must be an integer' }]);
  });
});

describe('uniqueItems', () => {
  it('accepts distinct items', () => {
    expect(issuesOf({}, { databases: ['app_db', 'reports'], grants: [{ a: 1 }, { a: 2 }] })).toEqual([]);
  });

  it('names each repeated item and the first one it repeats, never the value', () => {
    const issues = issuesOf({}, { databases: ['app_db', 'reports', 'app_db', 'app_db'] });
    expect(issues).toEqual([
      { field: 'body.databases[2]', rule: 'uniqueItems', message: 'repeats body.databases[0] (items must be unique)' },
      { field: 'body.databases[3]', rule: 'uniqueItems', message: 'repeats body.databases[0] (items must be unique)' },
    ]);
    expect(JSON.stringify(issues)).not.toContain('app_db');
  });

  it('compares objects by value, whatever the order of their keys', () => {
    expect(
      issuesOf(
        {},
        {
          grants: [
            { a: 1, b: [2] },
            { b: [2], a: 1 },
          ],
        },
      ),
    ).toEqual([
      { field: 'body.grants[1]', rule: 'uniqueItems', message: 'repeats body.grants[0] (items must be unique)' },
    ]);
  });
});
