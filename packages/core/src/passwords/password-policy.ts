import type { CharacterClass, PasswordPolicy } from '../client/service-descriptor.js';

/** One password rule that failed. The message names the rule and never contains the password. */
export interface PolicyViolation {
  readonly rule:
    | 'password.type'
    | 'password.too-short'
    | 'password.too-long'
    | 'password.disallowed-characters'
    | 'password.too-few-classes'
    | 'password.same-as-user-name'
    | 'password.reversed-user-name';
  readonly message: string;
}

export interface PasswordContext {
  /** The user name the password belongs to, for the "differs from the user name" rules. */
  readonly userName?: string | undefined;
}

const CLASS_NAMES: Record<CharacterClass, string> = {
  upper: 'uppercase letters',
  lower: 'lowercase letters',
  digit: 'digits',
  special: 'special characters',
};

/** The class of one character under a policy's specials, or undefined when the character is not allowed. */
export function characterClass(char: string, specials: string): CharacterClass | undefined {
  if (char >= 'A' && char <= 'Z') return 'upper';
  if (char >= 'a' && char <= 'z') return 'lower';
  if (char >= '0' && char <= '9') return 'digit';
  return specials.includes(char) ? 'special' : undefined;
}

const reverse = (text: string) => [...text].reverse().join('');

/** Every rule of the policy that the password breaks (empty when it complies). */
export function validatePassword(
  policy: PasswordPolicy,
  password: unknown,
  context: PasswordContext = {},
): PolicyViolation[] {
  if (typeof password !== 'string') return [{ rule: 'password.type', message: 'must be a string' }];
  const violations: PolicyViolation[] = [];
  const chars = [...password];
  if (chars.length < policy.minLength) {
    violations.push({
      rule: 'password.too-short',
      message: `must be at least ${policy.minLength} characters (has ${chars.length})`,
    });
  }
  if (chars.length > policy.maxLength) {
    violations.push({
      rule: 'password.too-long',
      message: `must be at most ${policy.maxLength} characters (has ${chars.length})`,
    });
  }
  const found = new Set<CharacterClass>();
  let disallowed = 0;
  for (const char of chars) {
    const kind = characterClass(char, policy.specials);
    if (kind && policy.classes.includes(kind)) found.add(kind);
    else disallowed += 1;
  }
  if (disallowed > 0) {
    violations.push({
      rule: 'password.disallowed-characters',
      message: `may contain only ${policy.classes.map((kind) => (kind === 'special' ? `the special characters ${policy.specials}` : CLASS_NAMES[kind])).join(', ')} (${disallowed} other character${disallowed === 1 ? '' : 's'} found)`,
    });
  }
  if (found.size < policy.minClasses) {
    violations.push({
      rule: 'password.too-few-classes',
      message: `must contain at least ${policy.minClasses} of: ${policy.classes.map((kind) => CLASS_NAMES[kind]).join(', ')} (has ${found.size})`,
    });
  }
  const userName = context.userName;
  if (policy.notUserName && typeof userName === 'string' && userName !== '') {
    if (password === userName)
      violations.push({ rule: 'password.same-as-user-name', message: 'must differ from the user name' });
    else if (policy.notUserName.reversed && password === reverse(userName)) {
      violations.push({
        rule: 'password.reversed-user-name',
        message: 'must differ from the user name spelled backwards',
      });
    }
  }
  return violations;
}

/** The policy's unsendable substrings that the password contains (empty when it can be sent by every documented client). */
export function unsendableIn(policy: PasswordPolicy, password: string): string[] {
  return (policy.unsendable ?? []).filter((text) => text !== '' && password.includes(text));
}
