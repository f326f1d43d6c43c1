import { describe, expect, it } from 'vitest';
import type { SecretVersion } from '../../secret-store/secret-store.js';
import {
  ForeignFieldError,
  invalidField,
  mergeStageFields,
  readMeta,
  readStagePasswords,
  stageField,
} from './vault-fields.js';

const version = (stage: SecretVersion['stages'][number]): SecretVersion => ({
  versionId: stage.toLowerCase(),
  stages: [stage],
  createdAt: '2024-01-01T00:00:00.000Z',
});

describe('vault stage fields', () => {
  it('keeps the default layout CURRENT, PENDING, PREVIOUS', () => {
    expect(['CURRENT', 'PENDING', 'PREVIOUS'].map((stage) => stageField('CURRENT', stage as never))).toEqual([
      'CURRENT',
      'PENDING',
      'PREVIOUS',
    ]);
  });

  it('puts PENDING and PREVIOUS beside an application field with a dot no plan field can have', () => {
    expect(['CURRENT', 'PENDING', 'PREVIOUS'].map((stage) => stageField('password', stage as never))).toEqual([
      'password',
      'password.pending',
      'password.previous',
    ]);
  });

  it('refuses dbpass and names outside the plan pattern as the field', () => {
    expect(invalidField('password')).toBeUndefined();
    expect(invalidField('dbpass')).toMatch(/metadata/);
    expect(invalidField('pass.word')).toMatch(/letters/);
  });

  it('reads a password only for a stage the metadata keeps', () => {
    const data = { password: 'app', 'password.pending': 'p', 'password.previous': 'not-dbpass' };
    expect(readStagePasswords(data, 'password', [version('CURRENT'), version('PENDING')])).toEqual({
      CURRENT: 'app',
      PENDING: 'p',
    });
  });

  it('tells a secret without metadata from a broken one', () => {
    expect(readMeta({ password: 'x' })).toBeUndefined();
    expect(readMeta({ dbpass: '[]' })).toEqual([]);
    expect(() => readMeta({ dbpass: 'oops' })).toThrow();
    expect(() => readMeta({ dbpass: '{}' })).toThrow();
  });
});

describe('mergeStageFields', () => {
  const read = { username: 'app', password: 'old', host: 'db', port: 3306, nested: { a: [1] } };

  it('writes back every field it does not own and sets the stages', () => {
    const merged = mergeStageFields(read, 'password', new Set(), { CURRENT: 'old', PENDING: 'new' });
    expect(merged).toEqual({ ...read, 'password.pending': 'new' });
  });

  it('removes the field of a stage dbpass kept and keeps no longer', () => {
    const before = { ...read, 'password.pending': 'new', 'password.previous': 'older' };
    const merged = mergeStageFields(before, 'password', new Set(['CURRENT', 'PENDING', 'PREVIOUS'] as const), {
      CURRENT: 'new',
      PREVIOUS: 'old',
    });
    expect(merged).toEqual({ ...read, password: 'new', 'password.previous': 'old' });
  });

  it('never removes a CURRENT field dbpass did not keep', () => {
    expect(mergeStageFields(read, 'password', new Set(), { PENDING: 'new' })).toMatchObject({ password: 'old' });
  });

  it('fills an empty application field, and refuses to write over a value dbpass did not put there', () => {
    expect(mergeStageFields({ password: '' }, 'password', new Set(), { CURRENT: 'new' })).toEqual({ password: 'new' });
    expect(() => mergeStageFields(read, 'password', new Set(), { CURRENT: 'other' })).toThrow(ForeignFieldError);
    expect(() =>
      mergeStageFields({ ...read, 'password.pending': 'theirs' }, 'password', new Set(), { PENDING: 'new' }),
    ).toThrow(/password\.pending/);
  });

  it('writes a field named like an Object key as a field, never as the prototype', () => {
    const merged = mergeStageFields({ username: 'app' }, '__proto__', new Set(), { CURRENT: 'new', PENDING: 'next' });
    expect(Object.hasOwn(merged, '__proto__')).toBe(true);
    expect(JSON.parse(JSON.stringify(merged))).toEqual(
      JSON.parse('{"username":"app","__proto__":"new","__proto__.pending":"next"}'),
    );
    const stored = JSON.parse('{"__proto__":"new","constructor":"c"}');
    expect(readStagePasswords(stored, '__proto__', [version('CURRENT')])).toEqual({ CURRENT: 'new' });
    expect(readStagePasswords({}, 'constructor', [version('CURRENT')])).toEqual({});
  });
});
