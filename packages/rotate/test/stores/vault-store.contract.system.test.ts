import { randomUUID } from 'node:crypto';
import { freePort } from '@dbpass/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecretStore, StoreConflictError, type VerificationEvidence } from '../../src/index.js';
import { openVaultStore } from '../../src/stores/vault.js';
import { type BaoServer, baoApplication, runBao, startBao } from '../servers/bao-server.js';
import { storeContract } from '../store-contract.js';

const evidence = (): VerificationEvidence => ({ method: 'login', at: new Date().toISOString(), pendingAccepted: true });

storeContract(
  'vault (OpenBao KV v2)',
  async () => {
    const bao = await startBao();
    // The application's own field, so that the contract runs the path of a secret applications already read.
    const store = `{ vault: { mount: secret, path: dbpass/contract, field: password } }`;
    return {
      store,
      env: { VAULT_ADDR: bao.address, VAULT_TOKEN: bao.token },
      down: { store, env: { VAULT_ADDR: `http://127.0.0.1:${await freePort()}` } },
      badAuth: { store, env: { VAULT_TOKEN: 'not-a-valid-token' } },
      application: baoApplication(bao, { folder: 'secret/dbpass/contract', field: 'password' }),
      secrets: [bao.token, 'not-a-valid-token'],
      stop: () => bao.stop(),
    };
  },
  { lockFreeWrites: true },
);

describe('vault store fields', () => {
  let bao: BaoServer;
  const open = (field?: string) =>
    openVaultStore({
      address: bao.address,
      token: bao.token,
      path: 'dbpass/fields',
      ...(field ? { field } : {}),
      env: {},
    });
  const fieldsOf = async (accountId: string) => {
    const run = await runBao(bao, ['kv', 'get', '-format=json', `secret/dbpass/fields/${accountId}`]);
    return (JSON.parse(run.stdout) as { data: { data: Record<string, string> } }).data.data;
  };
  const rotateOnce = async (store: SecretStore, accountId: string, password: string) => {
    const pending = await store.putPending(accountId, password, randomUUID());
    await store.promote(accountId, pending.versionId, evidence());
  };

  beforeAll(async () => {
    bao = await startBao();
  }, 60_000);
  afterAll(() => bao?.stop());

  it('keeps the default layout: CURRENT, PENDING and PREVIOUS beside dbpass', async () => {
    const store = await open();
    const id = `default-${randomUUID().slice(0, 8)}`;
    const pending = await store.putPending(id, 'first-Passw0rd!', randomUUID());
    expect(await fieldsOf(id)).toEqual({ PENDING: 'first-Passw0rd!', dbpass: expect.any(String) });
    await store.promote(id, pending.versionId, evidence());
    await rotateOnce(store, id, 'second-Passw0rd!');
    expect(await fieldsOf(id)).toEqual({
      CURRENT: 'second-Passw0rd!',
      PREVIOUS: 'first-Passw0rd!',
      dbpass: expect.any(String),
    });
  });

  it("keeps PENDING and PREVIOUS beside the application's field, and removes a stage's field with the stage", async () => {
    const store = await open('password');
    const id = `app-${randomUUID().slice(0, 8)}`;
    await store.adopt(id, 'first-Passw0rd!', randomUUID(), evidence());
    const pending = await store.putPending(id, 'second-Passw0rd!', randomUUID());
    expect(await fieldsOf(id)).toEqual({
      password: 'first-Passw0rd!',
      'password.pending': 'second-Passw0rd!',
      dbpass: expect.any(String),
    });
    await store.promote(id, pending.versionId, evidence());
    expect(await fieldsOf(id)).toEqual({
      password: 'second-Passw0rd!',
      'password.previous': 'first-Passw0rd!',
      dbpass: expect.any(String),
    });
  });

  it('never writes over a stage field it did not write, and lists only the secrets it manages', async () => {
    const store = await open('password');
    const id = `foreign-${randomUUID().slice(0, 8)}`;
    const theirs = { username: 'app', password: 'live-Passw0rd!', 'password.pending': 'theirs' };
    await runBao(bao, ['kv', 'put', `secret/dbpass/fields/${id}`, '-'], JSON.stringify(theirs));
    expect((await store.list()).has(id)).toBe(false);
    await store.adopt(id, 'live-Passw0rd!', randomUUID(), evidence());
    const attempt = store.putPending(id, 'next-Passw0rd!', randomUUID());
    await expect(attempt).rejects.toBeInstanceOf(StoreConflictError);
    await expect(attempt).rejects.toThrow(/password\.pending.*nothing was written/);
    await expect(attempt).rejects.not.toThrow(/Passw0rd|theirs/);
    expect(await fieldsOf(id)).toEqual({ ...theirs, dbpass: expect.any(String) });
  });

  it('refuses dbpass, its metadata field, as the field applications read', async () => {
    await expect(open('dbpass')).rejects.toThrow(/field dbpass cannot hold CURRENT/);
  });
});
