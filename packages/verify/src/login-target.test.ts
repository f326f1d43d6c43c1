import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, tlsFor } from './login-target.js';

describe('tlsFor', () => {
  const mysql = (host: string, tls?: { ca: string } | false) => ({
    protocol: 'mysql' as const,
    host,
    port: 3306,
    user: 'u',
    ...(tls === undefined ? {} : { tls }),
  });
  it('requires TLS with system CAs by default, unless the address connected to is loopback', () => {
    expect(tlsFor(mysql('taurus.example.com'), '192.168.0.142')).toEqual({});
    expect(tlsFor(mysql('192.168.0.142'), '192.168.0.142')).toEqual({});
    expect(tlsFor(mysql('127.0.0.1'), '127.0.0.1')).toBeUndefined();
    expect(tlsFor(mysql('::1'), '::1')).toBeUndefined();
    expect(tlsFor(mysql('localhost'), '127.0.0.1')).toBeUndefined();
    expect(tlsFor(mysql('localhost'), '::ffff:127.0.0.1')).toBeUndefined();
  });
  it('decides by the address, not the name: `localhost` that resolved elsewhere gets TLS, a name on loopback none', () => {
    expect(tlsFor(mysql('localhost'), '10.0.0.5')).toEqual({});
    expect(tlsFor(mysql('localhost'), '::ffff:10.0.0.5')).toEqual({});
    expect(tlsFor(mysql('127.0.0.1'), undefined)).toEqual({});
    expect(tlsFor(mysql('db.twin.test'), '127.0.0.1')).toBeUndefined();
  });
  it('uses the caller options, or none when turned off explicitly', () => {
    expect(tlsFor(mysql('127.0.0.1', { ca: 'PEM' }), '127.0.0.1')).toEqual({ ca: 'PEM' });
    expect(tlsFor(mysql('db.example.com', false), '10.0.0.5')).toBeUndefined();
  });
});

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.3.4', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['localhost', false],
    ['127.0.0.1.example.com', false],
    ['128.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['::2', false],
    ['', false],
  ])('%s: %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});
