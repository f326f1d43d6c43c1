import { describe, expect, it } from 'vitest';
import type { PasswordPolicy } from '../client/service-descriptor.js';
import { countCompliant, countCompliantAvoiding, generatePassword } from './generate-password.js';
import { unsendableIn, validatePassword } from './password-policy.js';

/** A seeded xorshift32 in place of WebCrypto, so that the statistical tests are repeatable. */
function seeded(seed: number): (array: Uint32Array) => Uint32Array {
  let state = seed >>> 0 || 1;
  return (array) => {
    for (let index = 0; index < array.length; index++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      array[index] = state;
    }
    return array;
  };
}

/** Every string of `length` over `alphabet`, in order. */
function* strings(alphabet: string, length: number): Generator<string> {
  if (length === 0) {
    yield '';
    return;
  }
  for (const head of strings(alphabet, length - 1)) for (const char of alphabet) yield head + char;
}

const bruteForce = (alphabets: readonly string[], length: number, minClasses: number, avoid: readonly string[]) => {
  let count = 0n;
  for (const text of strings(alphabets.join(''), length)) {
    const classes = alphabets.filter((chars) => [...text].some((char) => chars.includes(char))).length;
    if (classes >= minClasses && !avoid.some((pattern) => pattern !== '' && text.includes(pattern))) count += 1n;
  }
  return count;
};

describe('countCompliantAvoiding', () => {
  it('agrees with brute force on small alphabets, lengths and avoided substrings', () => {
    const alphabets = ['AB', 'ab', '0', '=?'];
    const cases: readonly (readonly string[])[] = [[], ['=?'], ['=?', '?='], ['aa', 'ab'], ['aba'], ['=?', '?=?', 'B']];
    for (const avoid of cases) {
      for (let length = 0; length <= 5; length++) {
        for (const minClasses of [0, 1, 2, 3]) {
          expect(countCompliantAvoiding(alphabets, length, minClasses, avoid), `${avoid} ${length} ${minClasses}`).toBe(
            bruteForce(alphabets, length, minClasses, avoid),
          );
        }
      }
    }
  });

  it('is countCompliant when nothing is avoided, or what is avoided cannot occur', () => {
    const alphabets = ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', '0123456789', '~!@#%^*-_=+?'];
    const sizes = alphabets.map((chars) => chars.length);
    for (const length of [8, 16, 32]) {
      expect(countCompliantAvoiding(alphabets, length, 4, [])).toBe(countCompliant(sizes, length, 4));
      expect(countCompliantAvoiding(alphabets, length, 4, ['$$'])).toBe(countCompliant(sizes, length, 4));
      expect(countCompliantAvoiding(alphabets, length, 4, ['=?'])).toBeLessThan(countCompliant(sizes, length, 4));
    }
  });
});

describe('countCompliant', () => {
  it('agrees with brute force for each sizes, length and class count, whatever was counted before (it remembers)', () => {
    const alphabets = ['AB', 'ab', '0', '=?'];
    for (const round of [1, 2])
      for (let length = 0; length <= 4; length++)
        for (const minClasses of [0, 1, 2, 3, 4])
          for (const used of [alphabets, alphabets.slice(0, 3), alphabets.slice(1)])
            expect(
              countCompliant(
                used.map((chars) => chars.length),
                length,
                minClasses,
              ),
              `round ${round}`,
            ).toBe(bruteForce(used, length, minClasses, []));
  });
});

describe('generatePassword with unsendable substrings', () => {
  // Two specials only, so that `=?` would turn up in most candidates.
  const tiny: PasswordPolicy = {
    minLength: 3,
    maxLength: 16,
    classes: ['digit', 'special'],
    minClasses: 1,
    specials: '=?',
    unsendable: ['=?'],
  };

  it('never produces one, while both characters and the other order still occur', () => {
    const random = seeded(7);
    const seen = { equals: false, question: false, reversed: false };
    for (let index = 0; index < 2_000; index++) {
      const { password } = generatePassword(tiny, { length: 16, getRandomValues: random });
      expect(password).not.toContain('=?');
      expect(unsendableIn(tiny, password)).toEqual([]);
      expect(validatePassword(tiny, password)).toEqual([]);
      seen.equals ||= password.includes('=');
      seen.question ||= password.includes('?');
      seen.reversed ||= password.includes('?=');
    }
    expect(seen).toEqual({ equals: true, question: true, reversed: true });
  });

  it('is uniform over the passwords that avoid them, and its entropy counts exactly those', () => {
    const policy: PasswordPolicy = { ...tiny, classes: ['special'], specials: '=?+', minLength: 3, maxLength: 3 };
    const compliant = [...strings('=?+', 3)].filter((text) => !text.includes('=?'));
    expect(compliant).toHaveLength(27 - 6);
    const samples = 42_000;
    const counts = new Map<string, number>();
    const random = seeded(11);
    let entropyBits = 0;
    for (let index = 0; index < samples; index++) {
      const generated = generatePassword(policy, { getRandomValues: random });
      counts.set(generated.password, (counts.get(generated.password) ?? 0) + 1);
      entropyBits = generated.entropyBits;
    }
    expect(entropyBits).toBeCloseTo(Math.log2(compliant.length), 10);
    expect([...counts.keys()].sort()).toEqual([...compliant].sort());
    const expected = samples / compliant.length;
    let statistic = 0;
    for (const count of counts.values()) statistic += (count - expected) ** 2 / expected;
    // Chi-square on 20 degrees of freedom: 45.3 is its 0.999 quantile.
    expect(statistic).toBeLessThan(45.3);
  });

  it('leaves a one-character unsendable substring out of the alphabet', () => {
    const policy: PasswordPolicy = { ...tiny, specials: '=?#', unsendable: ['#', '=?'] };
    const generated = generatePassword(policy, { length: 16, getRandomValues: seeded(3) });
    expect(generated.alphabet).toBe('0123456789=?');
    expect(generated.password).not.toContain('#');
  });

  it('says so when no password of the length can avoid them', () => {
    const cornered: PasswordPolicy = { ...tiny, classes: ['special'], unsendable: ['=?', '?=', '==', '??'] };
    expect(() => generatePassword(cornered, { length: 3 })).toThrow(/no password of length 3/);
    expect(() => generatePassword({ ...tiny, classes: ['special'], unsendable: ['=', '?'] })).toThrow(
      /leave 0 character classes/,
    );
  });

  it('counts the entropy of a real policy without `=?` (a little under the count with it)', () => {
    const clickhouse: PasswordPolicy = {
      minLength: 8,
      maxLength: 32,
      classes: ['upper', 'lower', 'digit', 'special'],
      minClasses: 4,
      specials: '~!@#%^*-_=+?',
      unsendable: ['=?'],
    };
    const { entropyBits, alphabet } = generatePassword(clickhouse);
    const withIt = Math.log2(Number(countCompliant([26, 26, 10, 12], 32, 4)));
    expect(alphabet).toHaveLength(74);
    // 31 places where `=?` could start, 1 in 74² each: about 0.57 % fewer passwords, 0.008 bits.
    expect(withIt - entropyBits).toBeGreaterThan(0.007);
    expect(withIt - entropyBits).toBeLessThan(0.0085);
    for (let index = 0; index < 2_000; index++) expect(generatePassword(clickhouse).password).not.toContain('=?');
  });
});
