import { describe, expect, it } from 'vitest';
import { tlsFor } from './login-target.js';

describe('tlsFor', () => {
  const mysql = (host: string, tls?: { ca: string } | false) => ({
    protocol: 'mysql' as const,
    host,
    port: 3306,
    user: 'u',
    ...(tls === undefined ? {} : { tls }),
  });
  it('requires TLS with system CAs by default, except on loopback', () => {
    expect(tlsFor(mysql('taurus.example.com'))).toEqual({});
    expect(tlsFor(mysql('192.168.0.142'))).toEqual({});
    expect(tlsFor(mysql('127.0.0.1'))).toBeUndefined();
    expect(tlsFor(mysql('::1'))).toBeUndefined();
    expect(tlsFor(mysql('localhost'))).toBeUndefined();
  });
  it('uses the caller options, or none when turned off explicitly', () => {
    expect(tlsFor(mysql('127.0.0.1', { ca: 'PEM' }))).toEqual({ ca: 'PEM' });
    expect(tlsFor(mysql('db.example.com', false))).toBeUndefined();
  });
});
