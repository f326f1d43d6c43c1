import { describe, expect, it } from 'vitest';
import type { Accounts } from '../../secret-store/document-store.js';
import type { VerificationEvidence } from '../../secret-store/secret-store.js';
import { addPending, adoptCurrent, promotePending, type StoreDocument } from '../../secret-store/store-document.js';
import { StoreUnavailableError } from '../../secret-store/store-errors.js';
import {
  applicationPassword,
  applicationUsername,
  keepsAccounts,
  readAccounts,
  type SecretObject,
  withAccounts,
} from './secret-object.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const now = new Date('2025-01-01T00:00:00Z');
const login: VerificationEvidence = { method: 'login', at: now.toISOString(), pendingAccepted: true };

/** An application's Secret as a Helm chart makes it, before dbpass knows it. */
const helmSecret = (data: Record<string, string>): SecretObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'Opaque',
  metadata: {
    name: 'app-db',
    namespace: 'apps',
    resourceVersion: '41',
    uid: '5d0c0f8e-0000-4000-8000-000000000001',
    labels: { app: 'web', 'app.kubernetes.io/managed-by': 'Helm' },
    annotations: { 'meta.helm.sh/release-name': 'web' },
    ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u' }],
  },
  data: { username: b64('app'), host: b64('db.internal'), 'config.yaml': b64('pool: 5\n'), ...data },
});

const KEYS = { password: 'password', username: 'username' };

const documentOf = (accounts: Accounts): StoreDocument => ({
  format: 'dbpass-store',
  version: 1,
  accounts: structuredClone(accounts),
});

/** Applies one store change to what a Secret holds and returns the Secret dbpass would write. */
function change(secret: SecretObject | undefined, apply: (document: StoreDocument) => void): SecretObject {
  const before = secret ? readAccounts(secret, 'password') : {};
  const document = documentOf(before);
  apply(document);
  return withAccounts('app-db', secret, before, document.accounts, KEYS);
}

/** Everything but what dbpass owns: the stage keys of its accounts and the versions annotation. */
function unrelated(secret: SecretObject, ownedKeys: readonly string[]) {
  const { annotations, ...metadata } = secret.metadata;
  const { 'dbpass/versions': _versions, ...others } = annotations ?? {};
  const data = Object.fromEntries(Object.entries(secret.data ?? {}).filter(([key]) => !ownedKeys.includes(key)));
  return { ...secret, metadata: { ...metadata, annotations: others }, data };
}

describe('a Secret dbpass adopts and rotates', () => {
  it('writes the user beside the password in the same Secret for versions that name one, and leaves it otherwise', () => {
    const app = helmSecret({ password: b64('live-Passw0rd!') });
    const adopted = change(app, (document) =>
      adoptCurrent(document, 'app-db', 'live-Passw0rd!', 'v1', login, now, { username: 'app' }),
    );
    expect(adopted.data?.username).toBe(app.data?.username);
    const pending = change(adopted, (document) =>
      addPending(document, 'app-db', 'twin-Passw0rd!', 'v2', now, { username: 'app_clone' }),
    );
    expect(applicationUsername(pending, 'app-db', KEYS)).toBe('app');
    expect(readAccounts(pending, 'password')['app-db']?.find((version) => version.versionId === 'v2')?.username).toBe(
      'app_clone',
    );
    const promoted = change(pending, (document) => promotePending(document, 'app-db', 'v2', login, now));
    expect(applicationUsername(promoted, 'app-db', KEYS)).toBe('app_clone');
    expect(applicationPassword(promoted, 'app-db', 'password')).toBe('twin-Passw0rd!');
    const single = change(helmSecret({ password: b64('live-Passw0rd!') }), (document) =>
      adoptCurrent(document, 'app-db', 'live-Passw0rd!', 'v1', login, now),
    );
    const next = change(single, (document) => addPending(document, 'app-db', 'next-Passw0rd!', 'v2', now));
    const done = change(next, (document) => promotePending(document, 'app-db', 'v2', login, now));
    expect(done.data?.username).toBe(app.data?.username);
  });

  it('keeps every byte it does not own, Helm managed-by label included, and the adopted password as read', () => {
    const app = helmSecret({ password: b64('live-Passw0rd!') });
    const adopted = change(app, (document) => adoptCurrent(document, 'app-db', 'live-Passw0rd!', 'v1', login, now));
    expect(adopted.data?.password).toBe(app.data?.password);
    expect(unrelated(adopted, [])).toEqual(unrelated(app, []));
    expect(keepsAccounts(adopted)).toBe(true);
    const pending = change(adopted, (document) => addPending(document, 'app-db', 'next-Passw0rd!', 'v2', now));
    const promoted = change(pending, (document) => promotePending(document, 'app-db', 'v2', login, now));
    expect(applicationPassword(promoted, 'app-db', 'password')).toBe('next-Passw0rd!');
    expect(promoted.data?.['password.previous']).toBe(b64('live-Passw0rd!'));
    expect(promoted.data?.['password.pending']).toBeUndefined();
    expect(promoted.metadata.labels).toEqual({ app: 'web', 'app.kubernetes.io/managed-by': 'Helm' });
    expect(unrelated(promoted, ['password', 'password.previous'])).toEqual(unrelated(app, ['password']));
  });

  it('labels a Secret managed-by dbpass only when nothing else claims it', () => {
    const created = change(undefined, (document) =>
      adoptCurrent(document, 'app-db', 'first-Passw0rd!', 'v1', login, now),
    );
    expect(created.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'dbpass' });
    expect(applicationPassword(created, 'app-db', 'password')).toBe('first-Passw0rd!');
    const plain = helmSecret({});
    plain.metadata.labels = { app: 'web' };
    const adopted = change(plain, (document) => adoptCurrent(document, 'app-db', 'first-Passw0rd!', 'v1', login, now));
    expect(adopted.metadata.labels).toEqual({ app: 'web', 'app.kubernetes.io/managed-by': 'dbpass' });
  });

  it('writes an unchanged password back in the bytes it was read in', () => {
    // Valid base64 a client could have written without padding; re-encoding would change the stored bytes.
    const app = helmSecret({ password: 'bGl2ZQ' });
    const adopted = change(app, (document) => adoptCurrent(document, 'app-db', 'live', 'v1', login, now));
    expect(adopted.data?.password).toBe('bGl2ZQ');
  });

  it('never deletes a data key of an account it did not keep when the Secret was read', () => {
    const app = helmSecret({ password: b64('live-Passw0rd!') });
    // The document store refuses this (NotAdoptedError); the Secret's writer holds the line on its own as well.
    const written = change(app, (document) => addPending(document, 'app-db', 'next-Passw0rd!', 'v2', now));
    expect(written.data?.password).toBe(b64('live-Passw0rd!'));
    expect(written.data?.['password.pending']).toBe(b64('next-Passw0rd!'));
  });
});

describe('a Secret shared by two targets', () => {
  const shared = () => {
    const secret = helmSecret({ password: b64('a-live'), 'bob.password': b64('bob-live') });
    const withA = change(secret, (document) => adoptCurrent(document, 'a', 'a-live', 'a1', login, now));
    return change(withA, (document) => adoptCurrent(document, 'b/bob@%', 'bob-live', 'b1', login, now));
  };

  it("keeps each account's keys its own through the other's rotation", () => {
    const both = shared();
    const pending = change(both, (document) => addPending(document, 'b/bob@%', 'bob-next', 'b2', now));
    const promoted = change(pending, (document) => promotePending(document, 'b/bob@%', 'b2', login, now));
    expect(applicationPassword(promoted, 'b/bob@%', 'password')).toBe('bob-next');
    expect(promoted.data?.['bob.password.previous']).toBe(b64('bob-live'));
    expect(promoted.data?.password).toBe(b64('a-live'));
    expect(promoted.data?.['password.previous']).toBeUndefined();
    expect(readAccounts(promoted, 'password').a).toEqual(readAccounts(both, 'password').a);
  });

  it('refuses a second account whose keys are the first one’s, and names no password', () => {
    const both = shared();
    let thrown: unknown;
    try {
      change(both, (document) => adoptCurrent(document, 'c', 'a-live', 'c1', login, now));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StoreUnavailableError);
    expect(String(thrown)).toMatch(/accounts a and c would both keep data key password of Secret app-db/);
    expect(String(thrown)).not.toContain('a-live');
  });
});
