import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdoptionConflictError, type SecretStore, type VerificationEvidence } from '../../src/index.js';
import { AwsSecretsManagerStore, awsSecretName } from '../../src/stores/aws.js';
import { openKubernetesStore } from '../../src/stores/kubernetes.js';
import { openVaultStore } from '../../src/stores/vault.js';
import { type BaoServer, runBao, startBao } from '../servers/bao-server.js';
import { type KubeServer, startKube } from '../servers/kube-server.js';
import { type MotoServer, startMoto } from '../servers/moto-server.js';

/**
 * An account that alternates between two users keeps CURRENT as a pair: every store writes the user beside the
 * password, in the same write, where applications read them (AWS's JSON, a Secret's keys, KV fields). Each read
 * here goes through a client dbpass did not write (the AWS SDK, the `bao` CLI, the API server over HTTPS).
 */
const login = (): VerificationEvidence => ({ method: 'login', at: new Date().toISOString(), pendingAccepted: true });

interface Pair {
  readonly username: string | undefined;
  readonly password: string | undefined;
}

interface Location {
  /** Writes the application's own secret: its user, its password and fields dbpass does not own. */
  seed(accountId: string, pair: { username: string; password: string }): Promise<void>;
  read(accountId: string): Promise<Pair>;
  /** What the location holds besides the pair (must never change). */
  others(accountId: string): Promise<unknown>;
}

async function alternate(store: SecretStore, location: Location, accountId: string): Promise<void> {
  await location.seed(accountId, { username: 'app', password: 'live-Passw0rd!' });
  const others = await location.others(accountId);
  expect(await store.inspect(accountId)).toEqual({ state: 'unmanaged', password: 'live-Passw0rd!', username: 'app' });
  await expect(
    store.adopt(accountId, 'live-Passw0rd!', randomUUID(), login(), { username: 'someone' }),
  ).rejects.toBeInstanceOf(AdoptionConflictError);
  await store.adopt(accountId, 'live-Passw0rd!', randomUUID(), login(), { username: 'app' });

  const twin = await store.putPending(accountId, 'twin-Passw0rd!', randomUUID(), { username: 'app_clone' });
  expect(await location.read(accountId)).toEqual({ username: 'app', password: 'live-Passw0rd!' });
  expect((await store.read(accountId, 'PENDING'))?.username).toBe('app_clone');
  await store.promote(accountId, twin.versionId, login());
  expect(await location.read(accountId)).toEqual({ username: 'app_clone', password: 'twin-Passw0rd!' });

  const back = await store.putPending(accountId, 'next-Passw0rd!', randomUUID(), { username: 'app' });
  await store.promote(accountId, back.versionId, login());
  expect(await location.read(accountId)).toEqual({ username: 'app', password: 'next-Passw0rd!' });
  const previous = await store.read(accountId, 'PREVIOUS');
  expect([previous?.username, previous?.password]).toEqual(['app_clone', 'twin-Passw0rd!']);
  expect(await location.others(accountId)).toEqual(others);
}

describe('aws store: the pair in the JSON applications read', () => {
  let moto: MotoServer;
  let sdk: SecretsManagerClient;
  const PREFIX = 'pair/';
  beforeAll(async () => {
    moto = await startMoto();
    sdk = new SecretsManagerClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: moto.credentials });
  }, 120_000);
  afterAll(async () => {
    sdk?.destroy();
    await moto?.stop();
  });
  const open = () =>
    AwsSecretsManagerStore.open({
      prefix: PREFIX,
      region: 'us-east-1',
      endpoint: moto.endpoint,
      client: { credentials: moto.credentials },
    });
  // VersionStage named: moto answers a read without it from a version the labels have left (AWS reads AWSCURRENT).
  const text = async (accountId: string) =>
    (
      await sdk.send(
        new GetSecretValueCommand({ SecretId: awsSecretName(PREFIX, accountId), VersionStage: 'AWSCURRENT' }),
      )
    ).SecretString!;
  const create = (accountId: string, SecretString: string) =>
    sdk.send(new CreateSecretCommand({ Name: awsSecretName(PREFIX, accountId), SecretString }));

  it('moves username and password together, keeping the other members', async () => {
    await alternate(
      await open(),
      {
        seed: (accountId, pair) =>
          create(accountId, JSON.stringify({ engine: 'mysql', host: 'db.internal', port: 3306, ...pair })).then(
            () => {},
          ),
        read: async (accountId) => {
          const { username, password } = JSON.parse(await text(accountId)) as Pair;
          return { username, password };
        },
        others: async (accountId) => {
          const { username: _user, password: _password, ...rest } = JSON.parse(await text(accountId));
          return rest;
        },
      },
      `pair-${randomUUID().slice(0, 8)}`,
    );
  });

  it('refuses to name a user in a secret that holds a plain password, and writes nothing', async () => {
    const accountId = `plain-${randomUUID().slice(0, 8)}`;
    await create(accountId, 'plain-Passw0rd!');
    const store = await open();
    await store.adopt(accountId, 'plain-Passw0rd!', randomUUID(), login());
    await expect(
      store.putPending(accountId, 'twin-Passw0rd!', randomUUID(), { username: 'app_clone' }),
    ).rejects.toThrow(/holds a plain password, so it cannot name the user too/);
    expect(await store.read(accountId, 'PENDING')).toBeUndefined();
    expect(await text(accountId)).toBe('plain-Passw0rd!');
  });

  it('creates a new secret in AWS JSON when its first version names its user', async () => {
    const accountId = `new-${randomUUID().slice(0, 8)}`;
    const store = await open();
    const pending = await store.putPending(accountId, 'first-Passw0rd!', randomUUID(), { username: 'app' });
    await store.promote(accountId, pending.versionId, login());
    expect(JSON.parse(await text(accountId))).toEqual({ username: 'app', password: 'first-Passw0rd!' });
  });
});

describe('vault store: the pair in KV fields', () => {
  let bao: BaoServer;
  const FOLDER = 'dbpass/pair';
  beforeAll(async () => {
    bao = await startBao();
  }, 120_000);
  afterAll(async () => bao?.stop());
  const fields = async (accountId: string): Promise<Record<string, string>> => {
    const run = await runBao(bao, ['kv', 'get', '-format=json', `secret/${FOLDER}/${accountId}`]);
    if (run.code !== 0) throw new Error(`bao kv get exited ${run.code}`);
    return (JSON.parse(run.stdout) as { data: { data: Record<string, string> } }).data.data;
  };

  it('moves username and password together, keeping the other fields', async () => {
    const store = await openVaultStore({
      address: bao.address,
      token: bao.token,
      path: FOLDER,
      field: 'password',
      env: {},
    });
    await alternate(
      store,
      {
        seed: async (accountId, pair) => {
          const run = await runBao(
            bao,
            ['kv', 'put', `secret/${FOLDER}/${accountId}`, '-'],
            JSON.stringify({ ...pair, host: 'db' }),
          );
          if (run.code !== 0) throw new Error(`bao kv put exited ${run.code}`);
        },
        read: async (accountId) => {
          const { username, password } = await fields(accountId);
          return { username, password };
        },
        others: async (accountId) => (await fields(accountId)).host,
      },
      `pair-${randomUUID().slice(0, 8)}`,
    );
  });
});

describe('kubernetes store: the pair in Secret keys', () => {
  let kube: KubeServer;
  beforeAll(async () => {
    kube = await startKube('dbpass-pair');
  }, 300_000);
  afterAll(async () => kube?.stop());
  const collection = () => `/api/v1/namespaces/${kube.namespace}/secrets`;
  const data = async (name: string): Promise<Record<string, string>> => {
    const answer = await kube.api('GET', `${collection()}/${name}`);
    if (answer.status !== 200) throw new Error(`reading Secret ${name} answered ${answer.status}`);
    const encoded = (answer.body.data ?? {}) as Record<string, string>;
    return Object.fromEntries(
      Object.entries(encoded).map(([key, value]) => [key, Buffer.from(value, 'base64').toString()]),
    );
  };

  it('moves username and password together, keeping the other keys', async () => {
    const store = await openKubernetesStore({ namespace: kube.namespace, kubeconfig: kube.kubeconfig });
    await alternate(
      store,
      {
        seed: async (name, pair) => {
          const encoded = Object.fromEntries(
            Object.entries({ ...pair, host: 'db' }).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
          );
          const created = await kube.api('POST', collection(), {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name, labels: { app: 'web' } },
            data: encoded,
          });
          if (created.status !== 201) throw new Error(`creating Secret ${name} answered ${created.status}`);
        },
        read: async (name) => {
          const { username, password } = await data(name);
          return { username, password };
        },
        others: async (name) => (await data(name)).host,
      },
      `pair-${randomUUID().slice(0, 8)}`,
    );
  });
});
