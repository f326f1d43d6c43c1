import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { likeMatches } from './like-pattern.js';

/** The definition, by recursion over both strings: exponential, so only for small inputs. */
function reference(pattern: string, text: string): boolean {
  if (pattern === '') return text === '';
  const [head, rest] = [pattern[0]!, pattern.slice(1)];
  if (head === '%') return reference(rest, text) || (text !== '' && reference(pattern, text.slice(1)));
  return text !== '' && (head === '_' || head === text[0]) && reference(rest, text.slice(1));
}

const small = (alphabet: string[], maxLength: number) =>
  fc.array(fc.constantFrom(...alphabet), { maxLength }).map((chars) => chars.join(''));

describe('likeMatches', () => {
  it.each([
    ['%', '', true],
    ['', '', true],
    ['', 'a', false],
    ['_', '', false],
    ['a%b', 'ab', true],
    ['a%b', 'axxb', true],
    ['a%b', 'axxbc', false],
    ['%a%a%', 'xaxa', true],
    ['%a%a%', 'xax', false],
    ['A_c', 'abC', true],
  ])('%j against %j: %s', (pattern, text, expected) => {
    expect(likeMatches(pattern, text)).toBe(expected);
  });

  it('agrees with the recursive definition on small patterns, in at most (pattern + 1) × (text + 1) steps', () => {
    fc.assert(
      fc.property(small(['%', '_', 'a', 'b', '.'], 8), small(['a', 'b', '.', '%', '_'], 10), (pattern, text) => {
        const steps = { count: 0 };
        expect(likeMatches(pattern, text, steps)).toBe(reference(pattern, text));
        expect(steps.count).toBeLessThanOrEqual((pattern.length + 1) * (text.length + 1));
      }),
      { numRuns: 5_000 },
    );
  });

  it('does not backtrack: 40 `%` and one `f` against a long address that does not end in f', () => {
    const pattern = `${'%'.repeat(40)}f`;
    const address = 'fe80:0000:0000:0000:0204:61ff:fe9d:f15e'.repeat(6).slice(0, 250);
    const steps = { count: 0 };
    expect(likeMatches(pattern, address, steps)).toBe(false);
    expect(steps.count).toBeLessThanOrEqual((pattern.length + 1) * (address.length + 1));
    expect(likeMatches(pattern, `${address}f`)).toBe(true);
  });
});
