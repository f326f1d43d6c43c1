import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RunRedactor } from './redact.js';

describe('RunRedactor', () => {
  it('replaces a secret that holds another one whole, and the forms a server echoes it in', () => {
    const redactor = new RunRedactor();
    redactor.add('abc', 'xx"abc\\def', undefined, '');
    expect(redactor.text('a: xx"abc\\def; b: abc')).toBe('a: [REDACTED]; b: [REDACTED]');
    expect(redactor.text(JSON.stringify({ message: 'xx"abc\\def' }))).toBe('{"message":"[REDACTED]"}');
    redactor.add('p@ss/w?rd');
    expect(redactor.text('/users/p%40ss%2Fw%3Frd')).toBe('/users/[REDACTED]');
  });

  it('scrubs every string of an event or result, nested ones included', () => {
    const redactor = new RunRedactor();
    redactor.add('S3cret-pw');
    expect(redactor.value({ message: 'got S3cret-pw', evidence: { note: ['S3cret-pw'], at: 1 }, ok: true })).toEqual({
      message: 'got [REDACTED]',
      evidence: { note: ['[REDACTED]'], at: 1 },
      ok: true,
    });
  });

  it('scrubs a thrown error in place: message, stack, own fields and a cause, keeping its class', () => {
    class JobError extends Error {
      readonly failReason = 'password S3cret-pw rejected';
    }
    const redactor = new RunRedactor();
    redactor.add('S3cret-pw');
    const error = new JobError('job failed: S3cret-pw', { cause: { body: 'S3cret-pw' } });
    expect(redactor.error(error)).toBe(error);
    expect(error).toBeInstanceOf(JobError);
    expect(error.message).toBe('job failed: [REDACTED]');
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain('S3cret-pw');
    expect(JSON.stringify(error)).not.toContain('S3cret-pw');
  });
});
