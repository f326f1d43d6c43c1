import { describe, expect, it } from 'vitest';
import { hostPatternMatches } from './host-pattern.js';

describe('hostPatternMatches', () => {
  it.each([
    ['%', '127.0.0.1', true],
    ['10.10.10.%', '10.10.10.5', true],
    ['10.10.10.%', '10.10.100.5', false],
    ['10.10.10.%', '127.0.0.1', false],
    ['10.10.10.%', '::ffff:10.10.10.7', true],
    ['192.168.1._', '192.168.1.7', true],
    ['192.168.1._', '192.168.1.17', false],
    ['127.0.0.1', '127.0.0.1', true],
    ['10.0.0.0/255.0.0.0', '10.200.3.4', true],
    ['10.0.0.0/255.0.0.0', '11.0.0.1', false],
    ['db.example.com', '127.0.0.1', false],
    ['%.example.com', '10.0.0.1', false],
  ])('%s against %s: %s', (pattern, address, expected) => {
    expect(hostPatternMatches(pattern, address)).toBe(expected);
  });
});
