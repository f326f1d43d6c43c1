import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdoptionConflictError, NotAdoptedError, type VerificationEvidence } from '../../src/index.js';
import { openKubernetesStore } from '../../src/stores/kubernetes.js';
import { type KubeServer, kubeApplication, startKube } from '../servers/kube-server.js';
import { storeContract } from '../store-contract.js';

/** One API server for the generic contract and the Kubernetes-only cases below (it takes a while to start). */
let kube: KubeServer;
beforeAll(async () => {
  kube = await startKube();
}, 240_000);
afterAll(() => kube?.stop());

storeContract(
  'kubernetes (kube-apiserver + etcd)',
  async () => {
    const store = (kubeconfig: string) =>
      `{ kubernetes: { namespace: ${kube.namespace}, kubeconfig: ${JSON.stringify(kubeconfig)} } }`;
    return {
      store: store(kube.kubeconfig),
      env: {},
      down: { store: store(kube.downKubeconfig), env: {} },
      badAuth: { store: store(kube.badKubeconfig), env: {} },
      application: kubeApplication(kube),
      secrets: [kube.token],
      stop: async () => {},
    };
  },
  { lockFreeWrites: true },
);

describe('kubernetes store in Secrets that applications own', () => {
  const login = (): VerificationEvidence => ({ method: 'login', at: new Date().toISOString(), pendingAccepted: true });
  const target = () => `app-${randomUUID().slice(0, 8)}`;
  const open = (secrets?: Record<string, string>) =>
    openKubernetesStore({ namespace: kube.namespace, kubeconfig: kube.kubeconfig, ...(secrets ? { secrets } : {}) });
  type Store = Awaited<ReturnType<typeof open>>;
  const rotateTo = async (store: Store, accountId: string, password: string) => {
    const pending = await store.putPending(accountId, password, randomUUID());
    await store.promote(accountId, pending.versionId, login());
  };

  it("adopts a Helm chart's Secret in place, rotates it, keeps Helm's label and everything else, and lists it", async () => {
    const id = target();
    const app = kubeApplication(kube);
    await app.seed(id, 'live-Passw0rd!');
    const before = await app.unrelated(id);
    expect(before).toContain('"app.kubernetes.io/managed-by": "Helm"');
    const store = await open();
    expect(await store.inspect(id)).toMatchObject({ state: 'unmanaged', password: 'live-Passw0rd!' });
    await store.adopt(id, 'live-Passw0rd!', randomUUID(), login());
    expect(await store.inspect(id)).toEqual({ state: 'managed' });
    await rotateTo(store, id, 'next-Passw0rd!');
    expect(await app.read(id)).toBe('next-Passw0rd!');
    expect((await store.read(id, 'PREVIOUS'))?.password).toBe('live-Passw0rd!');
    expect(await app.unrelated(id)).toBe(before);
    const listed = (await store.list()).get(id);
    expect(listed?.flatMap((version) => version.stages)).toEqual(expect.arrayContaining(['CURRENT', 'PREVIOUS']));
  });

  it('refuses to write over a password it has not adopted, naming the Secret and key but not the password', async () => {
    const id = target();
    const app = kubeApplication(kube);
    await app.seed(id, 'live-Passw0rd!');
    const before = await app.unrelated(id);
    const store = await open();
    const refused = await store.putPending(id, 'next-Passw0rd!', randomUUID()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(NotAdoptedError);
    expect(String(refused)).toContain(`Secret ${kube.namespace}/${id}, data key password`);
    expect(String(refused)).not.toContain('Passw0rd');
    const conflict = await store.adopt(id, 'other-Passw0rd!', randomUUID(), login()).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(AdoptionConflictError);
    expect(String(conflict)).not.toContain('Passw0rd');
    expect(await app.read(id)).toBe('live-Passw0rd!');
    expect(await app.unrelated(id)).toBe(before);
    expect(await store.inspect(id)).toMatchObject({ state: 'unmanaged', password: 'live-Passw0rd!' });
  });

  it("keeps two targets' accounts apart in one shared Secret", async () => {
    const [one, two, shared] = [target(), target(), target()];
    const secrets = { [one]: shared, [two]: shared };
    const app = kubeApplication(kube, { secrets });
    const alone = one;
    const bob = `${two}/bob@%`;
    await app.seed(alone, 'one-live');
    await app.seed(bob, 'bob-live');
    const before = await app.unrelated(alone);
    const store = await open(secrets);
    await store.adopt(alone, 'one-live', randomUUID(), login());
    await rotateTo(store, alone, 'one-next');
    expect(await store.inspect(bob)).toMatchObject({ state: 'unmanaged', password: 'bob-live' });
    expect(await app.read(bob)).toBe('bob-live');
    await store.adopt(bob, 'bob-live', randomUUID(), login());
    await rotateTo(store, bob, 'bob-next');
    expect(await app.read(alone)).toBe('one-next');
    expect(await app.read(bob)).toBe('bob-next');
    expect((await store.read(alone, 'PREVIOUS'))?.password).toBe('one-live');
    expect((await store.read(bob, 'PREVIOUS'))?.password).toBe('bob-live');
    expect(await app.unrelated(alone)).toBe(before);
    const listed = await store.list();
    expect([listed.has(alone), listed.has(bob)]).toEqual([true, true]);
  });

  it('lists the Secrets it keeps across pages of a namespace with many others', async () => {
    // Secrets are listed in name order: this one comes after every filler, on the last page.
    const id = `zz-${target()}`;
    const store = await open();
    await store.adopt(id, 'first-Passw0rd!', randomUUID(), login());
    const batch = randomUUID().slice(0, 8);
    for (let index = 0; index < 120; index++) {
      const created = await kube.api('POST', `/api/v1/namespaces/${kube.namespace}/secrets`, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: `filler-${batch}-${index}` },
        data: { password: Buffer.from('not-ours').toString('base64') },
      });
      expect(created.status).toBe(201);
    }
    const listed = await store.list();
    expect(listed.has(id)).toBe(true);
    expect([...listed.keys()].some((accountId) => accountId.startsWith('filler-'))).toBe(false);
  });
});
