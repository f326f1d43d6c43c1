import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretStore, VerificationEvidence } from '../../src/index.js';
import { openKubernetesStore } from '../../src/stores/kubernetes.js';
import { openVaultStore } from '../../src/stores/vault.js';
import { type BaoServer, startBao } from '../servers/bao-server.js';
import { type KubeServer, startKube } from '../servers/kube-server.js';

/**
 * Account ids that are also the names of what every plain object inherits: a store that keeps accounts in a plain
 * object finds `constructor` there before any account is written, and `__proto__` replaces the object's prototype.
 */
const login = (): VerificationEvidence => ({ method: 'login', at: new Date().toISOString(), pendingAccepted: true });

async function rotateEach(store: SecretStore, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    expect(await store.read(id, 'CURRENT'), id).toBeUndefined();
    expect((await store.inspect(id)).state, id).toBe('absent');
    const first = await store.putPending(id, `${id}-first-Passw0rd!`, randomUUID());
    await store.promote(id, first.versionId, login());
    const second = await store.putPending(id, `${id}-second-Passw0rd!`, randomUUID());
    await store.promote(id, second.versionId, login());
  }
  for (const id of ids) {
    expect((await store.read(id, 'CURRENT'))?.password, id).toBe(`${id}-second-Passw0rd!`);
    expect((await store.read(id, 'PREVIOUS'))?.password, id).toBe(`${id}-first-Passw0rd!`);
    expect(await store.inspect(id), id).toEqual({ state: 'managed' });
  }
  const listed = await store.list();
  for (const id of ids)
    expect(
      listed.get(id)?.map((version) => version.stages),
      id,
    ).toEqual([['PREVIOUS'], ['CURRENT']]);
}

describe('vault store: accounts named like object keys', () => {
  let bao: BaoServer;
  beforeAll(async () => {
    bao = await startBao();
  }, 60_000);
  afterAll(() => bao?.stop());

  for (const field of [undefined, 'password']) {
    it(`keeps constructor, __proto__, toString and hasOwnProperty apart (field ${field ?? 'CURRENT'})`, async () => {
      const store = await openVaultStore({
        address: bao.address,
        token: bao.token,
        path: `dbpass/odd-${field ?? 'default'}`,
        ...(field ? { field } : {}),
        env: {},
      });
      await rotateEach(store, ['constructor', '__proto__', 'toString', 'hasOwnProperty']);
    });
  }
});

describe('kubernetes store: targets named like object keys', () => {
  let kube: KubeServer;
  beforeAll(async () => {
    kube = await startKube();
  }, 240_000);
  afterAll(() => kube?.stop());

  it('keeps a target named constructor in its own Secret, and one mapped by a secrets entry named __proto__', async () => {
    const secrets = Object.fromEntries([['__proto__', 'proto-db']]) as Record<string, string>;
    const store = await openKubernetesStore({ namespace: kube.namespace, kubeconfig: kube.kubeconfig, secrets });
    await rotateEach(store, ['constructor', '__proto__', 'constructor/__proto__@%', 'tostring/constructor@%']);
    const named = async (name: string) =>
      (await kube.api('GET', `/api/v1/namespaces/${kube.namespace}/secrets/${name}`)).status;
    expect(await named('constructor')).toBe(200);
    expect(await named('proto-db')).toBe(200);
  });
});
