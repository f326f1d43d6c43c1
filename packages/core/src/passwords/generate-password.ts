import type { CharacterClass, PasswordPolicy } from '../client/service-descriptor.js';
import { unsendableIn, validatePassword } from './password-policy.js';

/** Characters a POSIX shell treats specially even inside double quotes, or that start expansions. */
export const SHELL_SPECIAL_CHARACTERS = '!$&()*;<>?^|~`\'"\\#%= ';
/** Characters with a meaning in a URL or a connection string (`user:pass@host/db?x=y`). */
export const URL_SPECIAL_CHARACTERS = ":/?#[]@!$&'()*+,;=%";

export interface GeneratePasswordOptions {
  /** Length; default the policy's maximum. */
  length?: number;
  /** Characters to leave out, such as SHELL_SPECIAL_CHARACTERS or URL_SPECIAL_CHARACTERS. */
  exclude?: string;
  /** The user name, so that the password is never it or its reverse. */
  userName?: string;
  /** Source of randomness (default WebCrypto's getRandomValues). */
  getRandomValues?: (array: Uint32Array) => Uint32Array;
}

export interface GeneratedPassword {
  readonly password: string;
  /** log2 of how many passwords the generator could have produced: the strength against guessing. */
  readonly entropyBits: number;
  /** The alphabet drawn from. */
  readonly alphabet: string;
}

const CLASS_CHARACTERS: Record<Exclude<CharacterClass, 'special'>, string> = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  digit: '0123456789',
};

/** The generation reading of a policy: its strictest class count and special set. */
export function generationPolicy(policy: PasswordPolicy): PasswordPolicy {
  return {
    ...policy,
    minClasses: policy.generate?.minClasses ?? policy.minClasses,
    specials: policy.generate?.specials ?? policy.specials,
  };
}

/** Characters per class after exclusions (classes left empty are dropped). */
function classAlphabets(policy: PasswordPolicy, exclude: string): Map<CharacterClass, string> {
  const alphabets = new Map<CharacterClass, string>();
  for (const kind of policy.classes) {
    const all = kind === 'special' ? policy.specials : CLASS_CHARACTERS[kind];
    const kept = [...new Set(all)].filter((char) => !exclude.includes(char)).join('');
    if (kept) alphabets.set(kind, kept);
  }
  return alphabets;
}

/** Uniform integer in [0, bound) by rejection sampling: no modulo bias. */
function uniformIndex(bound: number, random: () => number): number {
  const limit = Math.floor(0x1_0000_0000 / bound) * bound;
  for (;;) {
    const value = random();
    if (value < limit) return value % bound;
  }
}

const compliantCounts = new Map<string, bigint>();

/**
 * How many strings of `length` characters over the class alphabets contain at least `minClasses` classes
 * (inclusion-exclusion over class subsets), as a BigInt. Remembered: a fleet generates hundreds of passwords
 * under one policy, and the count costs more than the password.
 */
export function countCompliant(sizes: readonly number[], length: number, minClasses: number): bigint {
  const key = `${sizes.join(',')}/${length}/${minClasses}`;
  const known = compliantCounts.get(key);
  if (known !== undefined) return known;
  const n = sizes.length;
  let total = 0n;
  for (let exact = 0; exact < 1 << n; exact++) {
    const members = [...Array(n).keys()].filter((index) => exact & (1 << index));
    if (members.length < minClasses) continue;
    // Strings that use exactly the classes in `exact`: inclusion-exclusion over its subsets.
    for (let subset = exact; ; subset = (subset - 1) & exact) {
      const size = members.filter((index) => subset & (1 << index)).reduce((sum, index) => sum + sizes[index]!, 0);
      const sign = (members.length - members.filter((index) => subset & (1 << index)).length) % 2 === 0 ? 1n : -1n;
      total += sign * BigInt(size) ** BigInt(length);
      if (subset === 0) break;
    }
  }
  if (compliantCounts.size >= 256) compliantCounts.clear();
  compliantCounts.set(key, total);
  return total;
}

const popcount = (mask: number) => {
  let count = 0;
  for (let rest = mask; rest; rest &= rest - 1) count += 1;
  return count;
};

const avoidingCounts = new Map<string, bigint>();

/**
 * How many strings of `length` characters over the class alphabets contain at least `minClasses` classes and
 * none of the `avoid` substrings, as a BigInt: a dynamic programme over the classes used so far and the longest
 * suffix of the string that is a proper prefix of an avoided substring (an Aho-Corasick state). Characters that
 * appear in no avoided substring move together, so the cost hardly depends on the alphabets' sizes.
 */
export function countCompliantAvoiding(
  alphabets: readonly string[],
  length: number,
  minClasses: number,
  avoid: readonly string[],
): bigint {
  const patterns = [...new Set(avoid.filter((text) => text !== ''))];
  const key = JSON.stringify([alphabets, length, minClasses, patterns]);
  const known = avoidingCounts.get(key);
  if (known !== undefined) return known;
  const prefixes = [''];
  for (const pattern of patterns) {
    const chars = [...pattern];
    for (let end = 1; end < chars.length; end++) {
      const prefix = chars.slice(0, end).join('');
      if (!prefixes.includes(prefix)) prefixes.push(prefix);
    }
  }
  const patternChars = new Set(patterns.flatMap((pattern) => [...pattern]));
  /** The state after `char`, or -1 when the string now ends with an avoided substring. */
  const step = (state: string, char: string): number => {
    const text = state + char;
    if (patterns.some((pattern) => text.endsWith(pattern))) return -1;
    const chars = [...text];
    for (let start = 0; start <= chars.length; start++) {
      const index = prefixes.indexOf(chars.slice(start).join(''));
      if (index >= 0) return index;
    }
    return 0;
  };
  const moves = prefixes.map((state) =>
    alphabets.flatMap((alphabet, kind) => {
      const chars = [...new Set(alphabet)];
      const others = chars.filter((char) => !patternChars.has(char)).length;
      return [
        ...chars
          .filter((char) => patternChars.has(char))
          .map((char) => ({ to: step(state, char), mask: 1 << kind, ways: 1n }))
          .filter((move) => move.to >= 0),
        ...(others > 0 ? [{ to: 0, mask: 1 << kind, ways: BigInt(others) }] : []),
      ];
    }),
  );
  const masks = 1 << alphabets.length;
  let counts = prefixes.map((_, state) =>
    Array.from({ length: masks }, (_, mask): bigint => (state === 0 && mask === 0 ? 1n : 0n)),
  );
  for (let position = 0; position < length; position++) {
    const next = prefixes.map(() => new Array<bigint>(masks).fill(0n));
    counts.forEach((row, from) => {
      row.forEach((ways, mask) => {
        if (ways === 0n) return;
        for (const move of moves[from]!) next[move.to]![mask | move.mask]! += ways * move.ways;
      });
    });
    counts = next;
  }
  let total = 0n;
  for (const row of counts) {
    row.forEach((ways, mask) => {
      if (popcount(mask) >= minClasses) total += ways;
    });
  }
  if (avoidingCounts.size >= 256) avoidingCounts.clear();
  avoidingCounts.set(key, total);
  return total;
}

const log2BigInt = (value: bigint): number => {
  const digits = value.toString(2).length;
  const shift = Math.max(0, digits - 53);
  return Math.log2(Number(value >> BigInt(shift))) + shift;
};

/**
 * A random password that complies with the policy's generation reading: uniform over every compliant
 * password of the length (candidates drawn uniformly from the alphabet with a CSPRNG, and rejected until
 * one has enough classes, contains none of the policy's `unsendable` substrings, and is not the user name or
 * its reverse). A one-character unsendable substring leaves that character out of the alphabet.
 */
export function generatePassword(policy: PasswordPolicy, options: GeneratePasswordOptions = {}): GeneratedPassword {
  const strict = generationPolicy(policy);
  const length = options.length ?? strict.maxLength;
  if (!Number.isInteger(length) || length < strict.minLength || length > strict.maxLength) {
    throw new RangeError(`length must be an integer from ${strict.minLength} to ${strict.maxLength}`);
  }
  const unsendable = [...new Set(strict.unsendable ?? [])].filter((text) => text !== '');
  const singles = unsendable.filter((text) => [...text].length === 1).join('');
  const avoid = unsendable.filter((text) => [...text].length > 1);
  const alphabets = classAlphabets(strict, (options.exclude ?? '') + singles);
  if (alphabets.size < strict.minClasses) {
    throw new RangeError(
      `the exclusions leave ${alphabets.size} character classes; the policy needs ${strict.minClasses}`,
    );
  }
  if (strict.minClasses > length)
    throw new RangeError(`length ${length} cannot hold ${strict.minClasses} character classes`);
  const compliant =
    avoid.length > 0
      ? countCompliantAvoiding([...alphabets.values()], length, strict.minClasses, avoid)
      : countCompliant(
          [...alphabets.values()].map((chars) => chars.length),
          length,
          strict.minClasses,
        );
  if (compliant === 0n)
    throw new RangeError(`no password of length ${length} avoids the policy's unsendable substrings`);
  const alphabet = [...alphabets.values()].join('');
  const fill = options.getRandomValues ?? ((array: Uint32Array) => crypto.getRandomValues(array));
  const buffer = new Uint32Array(64);
  let used = buffer.length;
  const random = () => {
    if (used === buffer.length) {
      fill(buffer);
      used = 0;
    }
    return buffer[used++]!;
  };
  const context = { userName: options.userName };
  const checked: PasswordPolicy = {
    ...strict,
    specials: alphabets.get('special') ?? '',
    notUserName: policy.notUserName ?? { field: '', reversed: true },
    unsendable: avoid,
  };
  for (;;) {
    let password = '';
    for (let index = 0; index < length; index++) password += alphabet[uniformIndex(alphabet.length, random)];
    if (validatePassword(checked, password, context).length === 0 && unsendableIn(checked, password).length === 0) {
      return { password, entropyBits: log2BigInt(compliant), alphabet };
    }
  }
}
