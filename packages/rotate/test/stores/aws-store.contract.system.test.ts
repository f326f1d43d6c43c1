import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { freePort } from '@dbpass/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdoptionConflictError,
  type Checkpoint,
  NotAdoptedError,
  StoreLockedError,
  type VerificationEvidence,
} from '../../src/index.js';
import { LOCK_VERSION, lockView, versionOf } from '../../src/stores/aws/lock-labels.js';
import { AwsSecretsManagerStore, awsSecretName } from '../../src/stores/aws.js';
import { type MotoServer, motoApplication, startMoto } from '../servers/moto-server.js';
import { storeContract } from '../store-contract.js';

storeContract(
  'aws (moto Secrets Manager)',
  async () => {
    const moto = await startMoto();
    const store = `{ aws: { prefix: contract/, region: us-east-1, endpoint: ${JSON.stringify(moto.endpoint)} } }`;
    const wrongSecret = `${moto.credentials.secretAccessKey.slice(0, -4)}XXXX`;
    const application = motoApplication(moto, { nameOf: (accountId) => awsSecretName('contract/', accountId) });
    return {
      store,
      env: { AWS_ACCESS_KEY_ID: moto.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: moto.credentials.secretAccessKey },
      down: {
        store: `{ aws: { prefix: contract/, region: us-east-1, endpoint: "http://127.0.0.1:${await freePort()}" } }`,
        env: {},
      },
      badAuth: { store, env: { AWS_SECRET_ACCESS_KEY: wrongSecret } },
      application,
      secrets: [moto.credentials.secretAccessKey, wrongSecret],
      stop: async () => {
        await application.close();
        await moto.stop();
      },
    };
  },
  { lockFreeWrites: true },
);

const login = (): VerificationEvidence => ({ method: 'login', at: new Date().toISOString(), pendingAccepted: true });
const throwAt = (at: string, target: string) => {
  if (at === target) throw new Error(`killed at ${at}`);
};
const api = (): VerificationEvidence => ({ method: 'api', at: new Date().toISOString(), apiResult: 'SUCCESS' });

describe('aws store: what applications hold', () => {
  const PREFIX = 'own/';
  let moto: MotoServer;
  let sdk: SecretsManagerClient;
  const name = (accountId: string) => awsSecretName(PREFIX, accountId);
  const open = (options: { field?: string; checkpoint?: Checkpoint } = {}) =>
    AwsSecretsManagerStore.open({
      prefix: PREFIX,
      region: 'us-east-1',
      endpoint: moto.endpoint,
      client: { credentials: moto.credentials },
      ...options,
    });
  const accountId = () => `own-${randomUUID().slice(0, 8)}`;
  const text = async (accountId: string, stage = 'AWSCURRENT') =>
    (await sdk.send(new GetSecretValueCommand({ SecretId: name(accountId), VersionStage: stage }))).SecretString;
  const labels = async (accountId: string) =>
    (await sdk.send(new DescribeSecretCommand({ SecretId: name(accountId) }))).VersionIdsToStages ?? {};
  const labelled = (all: Record<string, string[]>, label: string) =>
    Object.entries(all).find(([, attached]) => attached.includes(label))?.[0];

  beforeAll(async () => {
    moto = await startMoto();
    sdk = new SecretsManagerClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: moto.credentials });
  }, 120_000);
  afterAll(() => moto?.stop());

  it('adopts a plain secret and keeps it plain, its Description and tags untouched', async () => {
    const application = motoApplication(moto, { nameOf: name, shape: 'plain' });
    try {
      const id = accountId();
      await application.seed(id, 'plain-Passw0rd!');
      const unrelated = await application.unrelated(id);
      expect(JSON.parse(unrelated)).toMatchObject({ fields: null, Description: expect.any(String), Tags: [{}, {}] });
      const store = await open();
      expect(await store.inspect(id)).toMatchObject({ state: 'unmanaged', password: 'plain-Passw0rd!' });
      await expect(store.putPending(id, 'next-Passw0rd!', randomUUID())).rejects.toBeInstanceOf(NotAdoptedError);
      await store.adopt(id, 'plain-Passw0rd!', randomUUID(), login());
      const pending = await store.putPending(id, 'next-Passw0rd!', randomUUID());
      expect(await text(id, 'AWSPENDING')).toBe('next-Passw0rd!');
      await store.promote(id, pending.versionId, login());
      expect(await application.read(id)).toBe('next-Passw0rd!');
      expect(await text(id)).toBe('next-Passw0rd!');
      expect(await text(id, 'AWSPREVIOUS')).toBe('plain-Passw0rd!');
      expect(await application.unrelated(id)).toBe(unrelated);
    } finally {
      await application.close();
    }
  });

  it("sees, as applications do, AWS's database secret: every member but the password as written, Description, tags", async () => {
    const application = motoApplication(moto, { nameOf: name });
    try {
      const id = `app/${accountId()}@%`;
      await application.seed(id, 'json-Passw0rd!');
      expect(await application.read(id)).toBe('json-Passw0rd!');
      expect(JSON.parse((await text(id))!)).toMatchObject({ engine: 'mysql', port: 3306, password: 'json-Passw0rd!' });
      const unrelated = JSON.parse(await application.unrelated(id));
      expect(unrelated.fields).toEqual([
        ['engine', '"mysql"'],
        ['host', expect.stringContaining('.rds.amazonaws.com')],
        ['port', '3306'],
        ['username', `"${id.split('/')[1]!.split('@')[0]}"`],
        ['dbname', '"orders"'],
      ]);
      expect(unrelated.Tags).toHaveLength(2);
      expect(await application.read('never-seeded')).toBeUndefined();
    } finally {
      await application.close();
    }
  });

  it('writes each new version as the JSON text applications read, only the password value changed', async () => {
    const id = accountId();
    const original =
      '{\n  "engine" : "postgres",\n  "secret": "old-Passw0rd!",\n  "port": 5432.0,\n  "note": "caf\\u00e9 \\"x\\"",\n  "options": {"secret": "nested"}\n}\n';
    await sdk.send(new CreateSecretCommand({ Name: name(id), SecretString: original, Description: 'owner text' }));
    const store = await open({ field: 'secret' });
    expect(await store.inspect(id)).toMatchObject({ state: 'unmanaged', password: 'old-Passw0rd!' });
    await store.adopt(id, 'old-Passw0rd!', randomUUID(), login());
    const pending = await store.putPending(id, 'new-"Passw0rd\\', randomUUID());
    const expected = original.replace('"old-Passw0rd!"', '"new-\\"Passw0rd\\\\"');
    expect(await text(id, 'AWSPENDING')).toBe(expected);
    expect((await store.read(id, 'PENDING'))?.password).toBe('new-"Passw0rd\\');
    await store.promote(id, pending.versionId, login());
    expect(await text(id)).toBe(expected);
    expect((await store.read(id, 'PREVIOUS'))?.password).toBe('old-Passw0rd!');
    const described = await sdk.send(new DescribeSecretCommand({ SecretId: name(id) }));
    expect(described.Description).toBe('owner text');
    expect(described.Tags ?? []).toEqual([]);
  });

  it('refuses JSON without the password key, naming the key and no value', async () => {
    const id = accountId();
    await sdk.send(new CreateSecretCommand({ Name: name(id), SecretString: '{"user":"app","pass":"v4lue-Passw0rd"}' }));
    const store = await open();
    const error = await store.inspect(id).catch((thrown: Error) => thrown);
    expect(error).toMatchObject({ name: 'SecretShapeError', message: expect.stringContaining('"password"') });
    expect((error as Error).message).not.toContain('v4lue');
  });

  it('moves AWSPREVIOUS back to the last password that logged in, as applications see it', async () => {
    const id = accountId();
    const store = await open();
    const proven = await store.adopt(id, 'proven-Passw0rd!', randomUUID(), login());
    for (const password of ['api-1-Passw0rd!', 'api-2-Passw0rd!']) {
      const pending = await store.putPending(id, password, randomUUID());
      await store.promote(id, pending.versionId, api());
    }
    expect(await text(id, 'AWSPREVIOUS')).toBe('proven-Passw0rd!');
    expect(labelled(await labels(id), 'AWSPREVIOUS')).toBe(proven.versionId);
    expect(labelled(await labels(id), 'DBPASS_KEEP_PREVIOUS')).toBeUndefined();
  });

  it('reads the kept PREVIOUS through a run killed before AWSPREVIOUS was moved back, and settles it on the next write', async () => {
    const id = accountId();
    const store = await open();
    const proven = await store.adopt(id, 'proven-Passw0rd!', randomUUID(), login());
    const first = await store.putPending(id, 'api-1-Passw0rd!', randomUUID());
    await store.promote(id, first.versionId, api());
    const second = await store.putPending(id, 'api-2-Passw0rd!', randomUUID());
    // A kill once AWSCURRENT has moved (AWS moving AWSPREVIOUS onto api-1), before AWSPREVIOUS is moved back.
    const killed = await open({ checkpoint: (at) => throwAt(at, 'store:renamed') });
    await expect(killed.promote(id, second.versionId, api())).rejects.toThrow('killed at store:renamed');
    expect(await text(id, 'AWSPREVIOUS')).toBe('api-1-Passw0rd!');
    expect((await store.read(id, 'PREVIOUS'))?.password).toBe('proven-Passw0rd!');
    const listed = (await store.list()).get(id)!;
    expect(listed.find((version) => version.stages.includes('PREVIOUS'))?.versionId).toBe(proven.versionId);
    expect(listed.some((version) => version.versionId === first.versionId)).toBe(false);
    await store.putPending(id, 'api-3-Passw0rd!', randomUUID());
    expect(await text(id, 'AWSPREVIOUS')).toBe('proven-Passw0rd!');
    expect(labelled(await labels(id), 'DBPASS_KEEP_PREVIOUS')).toBeUndefined();
  });

  it('keeps metadata out of the secret: a metadata secret bound to it, so one made again is not adopted', async () => {
    const id = accountId();
    await sdk.send(new CreateSecretCommand({ Name: name(id), SecretString: 'first-Passw0rd!', Description: 'mine' }));
    const store = await open();
    await store.adopt(id, 'first-Passw0rd!', randomUUID(), login());
    expect((await sdk.send(new DescribeSecretCommand({ SecretId: name(id) }))).Description).toBe('mine');
    const record = JSON.parse((await text(`.meta/${id}`))!);
    expect(record).toMatchObject({ format: 'dbpass-aws-metadata', versions: expect.any(Object) });
    expect(JSON.stringify(record)).not.toContain('first-Passw0rd!');
    expect([...(await store.list()).keys()]).toContain(id);
    expect([...(await store.list()).keys()].some((listed) => listed.startsWith('.'))).toBe(false);
    await sdk.send(new DeleteSecretCommand({ SecretId: name(id), ForceDeleteWithoutRecovery: true }));
    await sdk.send(new CreateSecretCommand({ Name: name(id), SecretString: 'again-Passw0rd!' }));
    expect(await store.inspect(id)).toMatchObject({ state: 'unmanaged', password: 'again-Passw0rd!' });
  });

  it('takes a password written outside dbpass since adoption for unadopted: never rotated over', async () => {
    const id = accountId();
    const store = await open();
    await store.adopt(id, 'adopted-Passw0rd!', randomUUID(), login());
    await sdk.send(new PutSecretValueCommand({ SecretId: name(id), SecretString: 'console-Passw0rd!' }));
    expect(await store.inspect(id)).toMatchObject({ state: 'unmanaged', password: 'console-Passw0rd!' });
    expect(await store.read(id, 'CURRENT')).toBeUndefined();
    await expect(store.putPending(id, 'next-Passw0rd!', randomUUID())).rejects.toBeInstanceOf(NotAdoptedError);
    await store.adopt(id, 'console-Passw0rd!', randomUUID(), login());
    expect((await store.read(id, 'CURRENT'))?.password).toBe('console-Passw0rd!');
  });

  it('refuses to adopt a secret AWS rotates itself, or one with a rotation under way', async () => {
    const store = await open();
    const rotated = accountId();
    await sdk.send(new CreateSecretCommand({ Name: name(rotated), SecretString: 'live-Passw0rd!' }));
    await sdk.send(
      new RotateSecretCommand({
        SecretId: name(rotated),
        RotationRules: { AutomaticallyAfterDays: 30 },
        RotateImmediately: false,
      }),
    );
    await expect(store.adopt(rotated, 'live-Passw0rd!', randomUUID(), login())).rejects.toThrow(
      expect.objectContaining({ name: 'AdoptionConflictError', message: expect.stringMatching(/rotation is enabled/) }),
    );
    const underWay = accountId();
    await sdk.send(new CreateSecretCommand({ Name: name(underWay), SecretString: 'live-Passw0rd!' }));
    await sdk.send(
      new PutSecretValueCommand({
        SecretId: name(underWay),
        SecretString: 'half-rotated-Passw0rd!',
        VersionStages: ['AWSPENDING'],
      }),
    );
    await expect(store.adopt(underWay, 'live-Passw0rd!', randomUUID(), login())).rejects.toBeInstanceOf(
      AdoptionConflictError,
    );
    expect(await text(underWay)).toBe('live-Passw0rd!');
  });

  it('still reads the metadata dbpass kept in the Description of secrets it wrote before, and moves it on', async () => {
    const id = accountId();
    const versionId = randomUUID();
    const evidence = { method: 'login', at: '2026-01-02T03:04:05.000Z', pendingAccepted: true };
    await sdk.send(
      new CreateSecretCommand({
        Name: name(id),
        ClientRequestToken: versionId,
        SecretString: 'legacy-Passw0rd!',
        Description: `dbpass rotation metadata: ${JSON.stringify({ [versionId]: { promotedAt: evidence.at, evidence } })}`,
      }),
    );
    const store = await open();
    expect(await store.inspect(id)).toEqual({ state: 'managed' });
    expect(await store.read(id, 'CURRENT')).toMatchObject({ versionId, password: 'legacy-Passw0rd!', evidence });
    const pending = await store.putPending(id, 'next-Passw0rd!', randomUUID());
    await store.promote(id, pending.versionId, api());
    expect(await store.read(id, 'PREVIOUS')).toMatchObject({ versionId, evidence });
    expect(await store.read(id, 'CURRENT')).toMatchObject({ password: 'next-Passw0rd!', evidence: { method: 'api' } });
  });
});

describe('aws store: the run lock, in staging labels', () => {
  let moto: MotoServer;
  let sdk: SecretsManagerClient;
  const open = (prefix: string) =>
    AwsSecretsManagerStore.open({
      prefix,
      region: 'us-east-1',
      endpoint: moto.endpoint,
      client: { credentials: moto.credentials },
    });
  const prefix = () => `lock-${randomUUID().slice(0, 8)}/`;
  const lockName = (at: string) => awsSecretName(at, '.lock');
  const labelsOf = async (SecretId: string) =>
    (await sdk.send(new DescribeSecretCommand({ SecretId }))).VersionIdsToStages ?? {};
  const versionsOf = async (SecretId: string) =>
    (await sdk.send(new ListSecretVersionIdsCommand({ SecretId, IncludeDeprecated: true }))).Versions?.length ?? 0;
  const labelledWith = (labels: Record<string, string[]>, label: string) =>
    Object.entries(labels).find(([, attached]) => attached.includes(label))?.[0];
  const moveFails = (SecretId: string, VersionStage: string, RemoveFromVersionId: string, MoveToVersionId: string) =>
    expect(
      sdk.send(new UpdateSecretVersionStageCommand({ SecretId, VersionStage, RemoveFromVersionId, MoveToVersionId })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });

  /** The lock as dbpass before staging-label heads kept it: a version per write, DBPASS_HOLDER moved onto it. */
  const legacyLock = async (SecretId: string, holder: object | undefined) => {
    const placeholder = `dbpass-placeholder-${randomUUID()}`;
    await sdk.send(
      new CreateSecretCommand({
        Name: SecretId,
        ClientRequestToken: placeholder,
        SecretString: 'no password stored yet (dbpass placeholder)',
        Description: 'dbpass run lock',
      }),
    );
    await sdk.send(
      new UpdateSecretVersionStageCommand({ SecretId, VersionStage: 'DBPASS_HOLDER', MoveToVersionId: placeholder }),
    );
    if (!holder) return placeholder;
    const version = randomUUID();
    await sdk.send(
      new PutSecretValueCommand({
        SecretId,
        ClientRequestToken: version,
        SecretString: JSON.stringify(holder),
        VersionStages: ['DBPASS_CLAIM'],
      }),
    );
    await sdk.send(
      new UpdateSecretVersionStageCommand({
        SecretId,
        VersionStage: 'DBPASS_HOLDER',
        MoveToVersionId: version,
        RemoveFromVersionId: placeholder,
      }),
    );
    return version;
  };

  beforeAll(async () => {
    moto = await startMoto();
    sdk = new SecretsManagerClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: moto.credentials });
  }, 120_000);
  afterAll(() => moto?.stop());

  it('lets exactly one of many runs racing for a new lock take it, round after round, with no version per run', async () => {
    const at = prefix();
    const stores = await Promise.all(Array.from({ length: 6 }, () => open(at)));
    for (let round = 0; round < 4; round++) {
      const outcomes = await Promise.allSettled(stores.map((store) => store.lock()));
      const taken = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(taken).toHaveLength(1);
      for (const outcome of outcomes)
        if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(StoreLockedError);
      await (taken[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
    }
    expect(await versionsOf(lockName(at))).toBe(5);
    const labels = await labelsOf(lockName(at));
    const lockLabels = Object.values(labels)
      .flat()
      .filter((label) => label.startsWith('DBPASS_LOCK_'));
    // Losers' candidates and spent tokens are collected: what is left is the head, its predecessor, its tokens,
    // the slot anchors, and at most the garbage of the last race.
    expect(lockLabels.length).toBeLessThanOrEqual(12);
    expect(Math.max(...Object.values(labels).map((attached) => attached.length))).toBeLessThanOrEqual(20);
  });

  it('never lets a stalled writer replay a compare-and-set: no head label or token comes back to where it was', async () => {
    const at = prefix();
    const SecretId = lockName(at);
    const store = await open(at);
    await (await store.lock()).release();
    // What a writer read before it stalled: the head, and a token it meant to take.
    const stalled = lockView(await labelsOf(SecretId));
    const headVersion = versionOf(stalled.head!.home)!;
    const token = stalled.tokens[0]!;
    const replayFails = async () => {
      await moveFails(SecretId, token.name, headVersion, LOCK_VERSION.slot(token.slot));
      await moveFails(SecretId, stalled.head!.name, headVersion, LOCK_VERSION.slot(token.slot));
    };
    await (await store.lock()).release();
    await replayFails();
    // Three runs later its labels are not even there any more.
    for (let run = 0; run < 3; run++) await (await store.lock()).release();
    expect(Object.values(await labelsOf(SecretId)).flat()).not.toContain(stalled.head!.name);
    await replayFails();
    expect(await store.lockHolder()).toBeUndefined();
    await (await store.lock()).release();
  });

  it('keeps working with a lock secret of dbpass before: a live holder there holds it, a free one is parked', async () => {
    const heldAt = prefix();
    const live = { pid: process.pid, host: hostname(), nonce: randomUUID(), since: new Date().toISOString() };
    await legacyLock(lockName(heldAt), { ...live, expires: new Date(Date.now() + 120_000).toISOString() });
    const held = await open(heldAt);
    await expect(held.lock()).rejects.toBeInstanceOf(StoreLockedError);
    expect(await held.lockHolder()).toEqual({ holder: expect.stringContaining(`pid ${process.pid} on ${hostname()}`) });

    const freeAt = prefix();
    await legacyLock(lockName(freeAt), undefined);
    const before = await versionsOf(lockName(freeAt));
    const free = await open(freeAt);
    await (await free.lock()).release();
    await (await free.lock()).release();
    expect(labelledWith(await labelsOf(lockName(freeAt)), 'DBPASS_HOLDER')).toBe(
      'dbpass-run-lock-base-000000000000000',
    );
    expect(await versionsOf(lockName(freeAt))).toBe(before + 5);
  });

  it('takes over an expired holder of the lock of dbpass before, whose renewal then fails, and keeps that dbpass out', async () => {
    const at = prefix();
    const SecretId = lockName(at);
    const expired = {
      pid: 4242,
      host: 'rotate-28912345-abcde',
      nonce: randomUUID(),
      since: new Date(Date.now() - 600_000).toISOString(),
      expires: new Date(Date.now() - 480_000).toISOString(),
    };
    const stale = await legacyLock(SecretId, expired);
    const store = await open(at);
    expect(await store.lockHolder()).toEqual({
      holder: expect.stringContaining('pid 4242 on rotate-28912345-abcde'),
      stale: 'its lease has expired',
    });
    const lock = await store.lock();
    expect(await store.lockHolder()).toEqual({ holder: expect.stringContaining(`pid ${process.pid} on `) });
    // The old holder's renewal: its new version, then DBPASS_HOLDER moved from the version it read.
    const renewal = randomUUID();
    await sdk.send(
      new PutSecretValueCommand({
        SecretId,
        ClientRequestToken: renewal,
        SecretString: '{}',
        VersionStages: ['DBPASS_CLAIM'],
      }),
    );
    await moveFails(SecretId, 'DBPASS_HOLDER', stale, renewal);
    // What a dbpass from before reads now: a holder on another host without a lease, which it never takes over.
    const seen = JSON.parse(
      (await sdk.send(new GetSecretValueCommand({ SecretId, VersionStage: 'DBPASS_HOLDER' }))).SecretString!,
    );
    expect(seen).toMatchObject({ pid: 0, host: expect.stringContaining('newer dbpass') });
    expect(seen.expires).toBeUndefined();
    await lock.release();
    expect(await store.lockHolder()).toBeUndefined();
  });
});
