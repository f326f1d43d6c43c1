import { describe, expect, it } from 'vitest';
import { redactAll } from '../auth/auth.js';
import { summarizeError } from './call-errors.js';

describe('summarizeError', () => {
  it('redacts the whole message before keeping its first line: a secret across the line break leaves nothing', () => {
    const secret = 'Tok3n-first-half\nsecond-half-XYZ';
    const summary = summarizeError(new Error(`refused: ${secret} and more`), (text) => redactAll(text, [secret]));
    expect(summary.message).toBe('refused: [REDACTED] and more');
    expect(summary.message).not.toContain('Tok3n-first-half');
  });

  it('keeps only the first line', () => {
    expect(summarizeError(new Error('one\ntwo')).message).toBe('one');
  });
});
