import { describe, expect, it } from 'vitest';
import { type PasswordPolicy, policyMarkdown, policyRules } from './policy-rules.js';

const base: PasswordPolicy = {
  minLength: 8,
  maxLength: 32,
  classes: ['upper', 'lower', 'digit', 'special'],
  minClasses: 3,
  specials: '~!@#',
  sources: ['API page: 8-32'],
};

describe('policyRules', () => {
  it('reads length, classes, specials and the user-name rule', () => {
    expect(policyRules({ ...base, notUserName: { field: 'name', reversed: true } })).toEqual([
      'Length: 8 to 32 characters',
      'Character classes: at least 3 of: uppercase letters, lowercase letters, digits, special characters',
      'Special characters: only `~!@#`',
      'No characters outside these classes',
      'User name: must differ from `name` and from it spelled backwards',
    ]);
  });

  it('says "all of" when every class is needed, and when no user-name rule or a weak-password check applies', () => {
    const rules = policyRules({ ...base, minClasses: 4, weakPasswordCheck: true });
    expect(rules[1]).toBe(
      'Character classes: all of: uppercase letters, lowercase letters, digits, special characters',
    );
    expect(rules).toContain('User name: no rule documented');
    expect(rules.at(-1)).toMatch(/weak-password dictionary/);
  });

  it('quotes specials that contain a backtick', () => {
    expect(policyRules({ ...base, specials: '`!' })[2]).toBe('Special characters: only `` `! ``');
  });
});

describe('policyMarkdown', () => {
  it('says the vendor docs disagree only when there is more than one source', () => {
    expect(policyMarkdown(base)).not.toContain('disagree');
    expect(policyMarkdown({ ...base, sources: ['API page: three classes', 'Console guide: four classes'] })).toContain(
      '**The vendor docs disagree**',
    );
  });

  it('states the stricter reading used for generated passwords', () => {
    expect(policyMarkdown({ ...base, generate: { minClasses: 4, specials: '~!' } })).toContain(
      '- Generated passwords (`generatePassword`) take the strictest reading: all of: uppercase letters, lowercase letters, digits, special characters; special characters only `~!`',
    );
    expect(policyMarkdown({ ...base, generate: { minClasses: 3, specials: '~!@#' } })).not.toContain(
      'Generated passwords',
    );
  });

  it('escapes Markdown in the sources, which are plain text', () => {
    expect(policyMarkdown({ ...base, sources: ['model_a_b.go: specials *_'] })).toContain(
      '- model\\_a\\_b.go: specials \\*\\_',
    );
  });
});
