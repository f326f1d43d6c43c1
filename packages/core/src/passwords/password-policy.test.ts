import { describe, expect, it } from 'vitest';
import type { PasswordPolicy } from '../client/service-descriptor.js';
import { unsendableIn, validatePassword } from './password-policy.js';

const starrocks: PasswordPolicy = {
  minLength: 8,
  maxLength: 32,
  classes: ['upper', 'lower', 'digit', 'special'],
  minClasses: 3,
  specials: '~!@#%^*-_=+?,',
  notUserName: { field: 'user_name', reversed: true },
};
const rules = (password: string, userName?: string) =>
  validatePassword(starrocks, password, { userName }).map((violation) => violation.rule);

describe('validatePassword', () => {
  it('accepts the documented example', () => {
    expect(rules('Tang_1234', 'user_test')).toEqual([]);
  });

  it('names every failing rule at once', () => {
    expect(rules('ab$')).toEqual(['password.too-short', 'password.disallowed-characters', 'password.too-few-classes']);
    expect(rules('A'.repeat(33))).toEqual(['password.too-long', 'password.too-few-classes']);
  });

  it('refuses the user name and its reverse', () => {
    expect(rules('Abc_1234x', 'Abc_1234x')).toEqual(['password.same-as-user-name']);
    expect(rules('x4321_cbA', 'Abc_1234x')).toEqual(['password.reversed-user-name']);
  });

  it('counts characters, not UTF-16 units, and treats non-ASCII as not allowed', () => {
    expect(rules('Abcdefg1😀')).toEqual(['password.disallowed-characters']);
  });

  it('never puts the password in a message', () => {
    const secret = 'Zz$9secret-canary';
    for (const violation of validatePassword(starrocks, secret, { userName: 'u' }))
      expect(violation.message).not.toContain(secret);
  });

  it('accepts unsendable substrings (the service does), which unsendableIn names', () => {
    const clickhouse: PasswordPolicy = { ...starrocks, unsendable: ['=?', '~~'] };
    expect(validatePassword(clickhouse, 'Abc=?def1', { userName: 'u' })).toEqual([]);
    expect(unsendableIn(clickhouse, 'Abc=?def1~~')).toEqual(['=?', '~~']);
    expect(unsendableIn(clickhouse, 'Abc?=def1=')).toEqual([]);
    expect(unsendableIn(starrocks, 'Abc=?def1')).toEqual([]);
    expect(unsendableIn({ ...starrocks, unsendable: [''] }, 'Abc')).toEqual([]);
  });
});
