import { describe, expect, it } from 'vitest';
import { type AttemptFacts, decideRetry } from './retry-decision.js';
import { DEFAULT_RETRY_POLICY } from './retry-policy.js';

const policy = { ...DEFAULT_RETRY_POLICY, transientCodes: new Set(['BUSY.1']) };
const put = { method: 'PUT', jsonBody: true } as const;
const get = { method: 'GET', idempotent: true, jsonBody: true } as const;

// [case, facts, action, applied]
const TABLE: ReadonlyArray<readonly [string, AttemptFacts, 'return' | 'retry' | 'unknown', boolean]> = [
  [
    'refused connection, not idempotent',
    { ...put, idempotent: false, status: undefined, networkCode: 'ECONNREFUSED' },
    'retry',
    false,
  ],
  [
    'certificate refused in the TLS handshake, not idempotent',
    { ...put, idempotent: false, status: undefined, networkCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
    'retry',
    false,
  ],
  [
    'not sent (signal fired first)',
    { ...put, idempotent: false, status: undefined, networkCode: 'DBPASS_NOT_SENT' },
    'retry',
    false,
  ],
  [
    'reset after sending, idempotent',
    { ...put, idempotent: true, status: undefined, networkCode: 'ECONNRESET' },
    'retry',
    true,
  ],
  [
    'reset after sending, not idempotent',
    { ...put, idempotent: false, status: undefined, networkCode: 'ECONNRESET' },
    'unknown',
    true,
  ],
  ['attempt timed out, GET', { ...get, status: undefined, errorName: 'TimeoutError' }, 'retry', false],
  [
    'attempt timed out, not idempotent',
    { ...put, idempotent: false, status: undefined, errorName: 'TimeoutError' },
    'unknown',
    true,
  ],
  ['429, not idempotent', { ...put, idempotent: false, status: 429 }, 'retry', false],
  ['503, not idempotent', { ...put, idempotent: false, status: 503 }, 'retry', false],
  ['409 with a transient code', { ...put, idempotent: false, status: 409, code: 'BUSY.1' }, 'retry', false],
  ['409 with another code', { ...put, idempotent: false, status: 409, code: 'OTHER.1' }, 'return', false],
  ['409 without a code', { ...put, idempotent: false, status: 409 }, 'return', false],
  ['500, idempotent PUT', { ...put, idempotent: true, status: 500 }, 'retry', false],
  ['502, idempotent PUT', { ...put, idempotent: true, status: 502 }, 'retry', true],
  ['504, GET', { ...get, status: 504 }, 'retry', false],
  ['500, not idempotent', { ...put, idempotent: false, status: 500 }, 'return', false],
  ['502, not idempotent', { ...put, idempotent: false, status: 502 }, 'unknown', true],
  ['504, not idempotent', { ...put, idempotent: false, status: 504 }, 'unknown', true],
  ['200 not JSON, idempotent', { ...put, idempotent: true, status: 200, jsonBody: false }, 'retry', true],
  ['202 not JSON, not idempotent', { ...put, idempotent: false, status: 202, jsonBody: false }, 'unknown', true],
  ['200 JSON', { ...put, idempotent: false, status: 200 }, 'return', true],
  ['400', { ...put, idempotent: true, status: 400 }, 'return', false],
  ['401', { ...get, status: 401 }, 'return', false],
];

describe('decideRetry', () => {
  it.each(TABLE)('%s -> %s', (_, facts, action, applied) => {
    expect(decideRetry(facts, policy)).toMatchObject({ action, applied });
  });

  it('retries no 409 when the spec lists no transient codes', () => {
    expect(decideRetry({ ...put, idempotent: false, status: 409, code: 'BUSY.1' }, DEFAULT_RETRY_POLICY).action).toBe(
      'return',
    );
  });
});
