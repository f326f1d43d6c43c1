import type { PasswordPolicy as RuntimePolicy } from '@dbpass/client-taurusdb';

/** The `x-password-policy` extension (specs/_shared/password-policy.schema.yaml): the runtime's policy and its sources. */
export interface PasswordPolicy extends RuntimePolicy {
  readonly sources: readonly string[];
}

export type CharacterClass = PasswordPolicy['classes'][number];

const classNames: Record<CharacterClass, string> = {
  upper: 'uppercase letters',
  lower: 'lowercase letters',
  digit: 'digits',
  special: 'special characters',
};

/** Inline Markdown code that survives backticks inside the text. */
function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function classRule(classes: readonly CharacterClass[], minClasses: number): string {
  const names = classes.map((name) => classNames[name]).join(', ');
  return minClasses >= classes.length ? `All of: ${names}` : `At least ${minClasses} of: ${names}`;
}

/** The policy's rules, one per line, in plain words. */
export function policyRules(policy: PasswordPolicy): string[] {
  const rules = [
    `Length: ${policy.minLength} to ${policy.maxLength} characters`,
    `Character classes: ${classRule(policy.classes, policy.minClasses).replace(/^A/, 'a')}`,
  ];
  if (policy.classes.includes('special')) rules.push(`Special characters: only ${code(policy.specials)}`);
  rules.push('No characters outside these classes');
  rules.push(
    policy.notUserName
      ? `User name: must differ from ${code(policy.notUserName.field)}${policy.notUserName.reversed ? ' and from it spelled backwards' : ''}`
      : 'User name: no rule documented',
  );
  if (policy.weakPasswordCheck)
    rules.push('Weak passwords: the service rejects passwords from its unpublished weak-password dictionary');
  return rules;
}

/** How `generatePassword` reads the policy where it is stricter than validation, or undefined. */
export function generationRule(policy: PasswordPolicy): string | undefined {
  const minClasses = policy.generate?.minClasses ?? policy.minClasses;
  const specials = policy.generate?.specials ?? policy.specials;
  const unsendable = policy.unsendable ?? [];
  if (minClasses === policy.minClasses && specials === policy.specials && unsendable.length === 0) return undefined;
  const parts = [];
  if (minClasses !== policy.minClasses) parts.push(classRule(policy.classes, minClasses).toLowerCase());
  if (specials !== policy.specials) parts.push(`special characters only ${code(specials)}`);
  if (unsendable.length > 0)
    parts.push(`never containing ${unsendable.map(code).join(' or ')} (some documented client cannot send it intact)`);
  return `Generated passwords (\`generatePassword\`) take the strictest reading: ${parts.join('; ')}`;
}

/** The policy as Markdown: the rule list, then its sources, saying where the vendor docs disagree. */
export function policyMarkdown(policy: PasswordPolicy): string {
  const generation = generationRule(policy);
  const lines = [
    '**Password rules** (checked by the client before sending):',
    '',
    ...policyRules(policy).map((rule) => `- ${rule}`),
  ];
  if (generation) lines.push(`- ${generation}`);
  lines.push('');
  if (policy.sources.length > 1) {
    lines.push('**The vendor docs disagree** on this password. dbpass validates with the rules above; the sources:');
  } else {
    lines.push('**Source:**');
  }
  lines.push('', ...policy.sources.map((source) => `- ${source.replace(/[\\`*_[\]<>|]/g, '\\$&')}`));
  return lines.join('\n');
}
