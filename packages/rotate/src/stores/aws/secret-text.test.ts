import { describe, expect, it } from 'vitest';
import { isJsonSecret, passwordIn, stringMember, withMember, withPassword } from './secret-text.js';

describe('a secret text as applications read it', () => {
  it('takes the password from a JSON object, or the whole text when it is not one', () => {
    expect(passwordIn('{"username": "app", "password": "s3cret"}', 'password')).toBe('s3cret');
    expect(passwordIn('{"pass":"a\\"b\\u00e9"}', 'pass')).toBe('a"bé');
    expect(passwordIn('plain-Passw0rd!', 'password')).toBe('plain-Passw0rd!');
    expect(passwordIn('{not json', 'password')).toBe('{not json');
    expect(passwordIn('"quoted"', 'password')).toBe('"quoted"');
    expect(passwordIn('["password"]', 'password')).toBe('["password"]');
  });

  it('has no password in a JSON object without a string at the field', () => {
    expect(passwordIn('{"username": "app"}', 'password')).toBeUndefined();
    expect(passwordIn('{"password": 1234}', 'password')).toBeUndefined();
    expect(passwordIn('{"password": null}', 'password')).toBeUndefined();
    expect(passwordIn('{}', 'toString')).toBeUndefined();
    expect(isJsonSecret('{"username": "app"}')).toBe(true);
    expect(isJsonSecret('pa{ss')).toBe(false);
  });

  it('replaces only the value token, keeping every other byte as written', () => {
    const text =
      '{\n  "engine": "mysql",\n  "password" :  "old",\n  "port": 3306.0,\n  "tags": {"password": "nested", "x": [1, "}"]},\n  "note": "caf\\u00e9 \\"q\\""\n}\n';
    expect(withPassword(text, 'password', 'n3w"Pass\\')).toBe(text.replace('"old"', '"n3w\\"Pass\\\\"'));
  });

  it('replaces the last of duplicate members, the one JSON parsers read', () => {
    const text = '{"password":"first","password":"second"}';
    const replaced = withPassword(text, 'password', 'new');
    expect(replaced).toBe('{"password":"first","password":"new"}');
    expect(JSON.parse(replaced).password).toBe('new');
  });

  it('keeps an all-ASCII text ASCII (json.dumps escapes), and writes other characters as they are elsewhere', () => {
    expect(withPassword('{"username": "\\u00e9", "password": "x"}', 'password', 'pé')).toBe(
      '{"username": "\\u00e9", "password": "p\\u00e9"}',
    );
    expect(withPassword('{"username": "é", "password": "x"}', 'password', 'pé')).toBe(
      '{"username": "é", "password": "pé"}',
    );
  });

  it('replaces a plain password whole and refuses JSON without the field', () => {
    expect(withPassword('old-Passw0rd', 'password', 'new-Passw0rd')).toBe('new-Passw0rd');
    expect(() => withPassword('{"user":"a"}', 'password', 'new-Passw0rd')).toThrow(/without a string at "password"/);
  });

  it('sets a member beside the password: replaced in place, or added last when the object has none', () => {
    expect(withMember('{"username": "app", "password": "x"}', 'username', 'app_clone')).toBe(
      '{"username": "app_clone", "password": "x"}',
    );
    const added = withMember('{\n  "password": "x",\n  "host": "db"\n}\n', 'username', 'app');
    expect(added).toBe('{\n  "password": "x",\n  "host": "db","username":"app"\n}\n');
    expect(JSON.parse(added)).toEqual({ password: 'x', host: 'db', username: 'app' });
    expect(JSON.parse(withMember('{ }', 'username', 'app'))).toEqual({ username: 'app' });
    expect(() => withMember('plain-Passw0rd', 'username', 'app')).toThrow(/not a JSON object/);
    expect(stringMember('{"username": "app"}', 'username')).toBe('app');
    expect(stringMember('{"username": 1}', 'username')).toBeUndefined();
    expect(stringMember('app', 'username')).toBeUndefined();
  });
});
