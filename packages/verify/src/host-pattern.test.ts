import { describe, expect, it } from 'vitest';
import { hostPatternMatches, MAX_HOST_LENGTH } from './host-pattern.js';

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

  it('answers at once for a pattern that made the regular expression backtrack: 25 and more `%` and one `f`', () => {
    // The old `%` -> `.*` expression took over a minute on 25 and would not finish on 100.
    for (const count of [25, 40, 100]) {
      expect(hostPatternMatches(`${'%'.repeat(count)}f`, 'fe80::204:61ff:fe9d:f15e:1234:5678:9abc:def0')).toBe(false);
      expect(hostPatternMatches(`${'%'.repeat(count)}f`, 'fe80::1f')).toBe(true);
    }
  });

  it('matches no host longer than MySQL stores (255 characters since 8.0.17)', () => {
    const long = `10.%${'%'.repeat(MAX_HOST_LENGTH)}`;
    expect(hostPatternMatches(long.slice(0, MAX_HOST_LENGTH), '10.1.2.3')).toBe(true);
    expect(hostPatternMatches(long, '10.1.2.3')).toBe(false);
  });
});
