import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { access, copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreDecryptError } from './encryption.js';
import { FileStore } from './file-store.js';
import { StoreRollbackError } from './seen-mark.js';
import { StoreKeyError } from './store-key.js';

const evidence = { method: 'login', at: '2024-01-01T00:00:00.000Z', pendingAccepted: true } as const;

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const setup = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dbpass-integrity-'));
  dirs.push(dir);
  const env: Record<string, string> = { KEY: randomBytes(32).toString('base64') };
  const file = path.join(dir, 'store.dbpass');
  const open = (extra: Record<string, string> = {}, at = file) =>
    FileStore.open({ path: at, key: { env: 'KEY' }, env: { ...env, ...extra } });
  return { dir, env, file, open };
};

/** One rotation of `accountId` to `password` under the store's lock. */
async function rotateTo(store: FileStore, accountId: string, password: string): Promise<void> {
  const lock = await store.lock();
  try {
    const pending = await store.putPending(accountId, password, randomUUID());
    await store.promote(accountId, pending.versionId, evidence);
  } finally {
    await lock.release();
  }
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  );

/** The token the error asks for: `DBPASS_ACCEPT_ROLLBACK=<token>`. */
const tokenIn = (error: Error | undefined) => /DBPASS_ACCEPT_ROLLBACK=(\S+)$/.exec(error?.message ?? '')?.[1];

describe('FileStore integrity', () => {
  it('refuses a restored older copy of itself, names the way out, and accepts exactly that copy when told to', async () => {
    const { file, open } = await setup();
    await rotateTo(await open(), 'a', 'old-Passw0rd!');
    await copyFile(file, `${file}.backup`);
    await rotateTo(await open(), 'a', 'new-Passw0rd!');
    const newest = await readFile(file);

    await copyFile(`${file}.backup`, file);
    const refused = await rejection(open());
    expect(refused).toBeInstanceOf(StoreRollbackError);
    expect(refused?.message).toMatch(/older copy of the store \(generation \d+; .*store\.dbpass\.seen records/);
    expect(refused?.message).toMatch(/Put the newest copy of the store back/);
    expect(refused?.message).not.toContain('Passw0rd');
    const token = tokenIn(refused);
    expect(token).toMatch(/^[A-Za-z0-9_-]+:\d+$/);

    // Another value does not accept it; the one named does, and the store carries on from that copy.
    await expect(open({ DBPASS_ACCEPT_ROLLBACK: 'something-else:1' })).rejects.toBeInstanceOf(StoreRollbackError);
    const accepted = await open({ DBPASS_ACCEPT_ROLLBACK: token! });
    expect((await accepted.read('a', 'CURRENT'))?.password).toBe('old-Passw0rd!');
    await rotateTo(accepted, 'a', 'after-Passw0rd!');
    expect((await (await open()).read('a', 'CURRENT'))?.password).toBe('after-Passw0rd!');
    // The copy that was newest before is now older than what was written since: it does not pass for newer.
    await writeFile(file, newest);
    await expect(open()).rejects.toBeInstanceOf(StoreRollbackError);
  });

  it("refuses another store's file put in its place under the same key", async () => {
    const one = await setup();
    const other = await setup();
    await rotateTo(await one.open(), 'a', 'mine-Passw0rd!');
    await rotateTo(await other.open({ KEY: one.env.KEY! }, other.file), 'a', 'theirs-Passw0rd!');
    await copyFile(other.file, one.file);
    const refused = await rejection(one.open());
    expect(refused).toBeInstanceOf(StoreRollbackError);
    expect(refused?.message).toMatch(/not the store this folder last held/);
  });

  it('refuses a store file that is missing where one was seen, until told to start again', async () => {
    const { file, open } = await setup();
    await rotateTo(await open(), 'a', 'kept-Passw0rd!');
    await rm(file);
    const refused = await rejection(open());
    expect(refused).toBeInstanceOf(StoreRollbackError);
    expect(refused?.message).toMatch(/the store file is missing.*DBPASS_ACCEPT_ROLLBACK=missing$/);
    const fresh = await open({ DBPASS_ACCEPT_ROLLBACK: 'missing' });
    expect(await fresh.read('a', 'CURRENT')).toBeUndefined();
  });

  it('binds the clear header into the ciphertext: a generation raised by hand does not decrypt', async () => {
    const { file, open } = await setup();
    await rotateTo(await open(), 'a', 'one-Passw0rd!');
    const envelope = JSON.parse(await readFile(file, 'utf8')) as { store: string; generation: number };
    expect(envelope.store).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(envelope.generation).toBeGreaterThan(0);
    await writeFile(file, JSON.stringify({ ...envelope, generation: envelope.generation + 100 }));
    await expect(open()).rejects.toBeInstanceOf(StoreDecryptError);
    await writeFile(file, JSON.stringify({ ...envelope, store: randomBytes(16).toString('base64url') }));
    await expect(open()).rejects.toBeInstanceOf(StoreDecryptError);
  });

  it('refuses a truncated GCM tag (4 bytes)', async () => {
    const { file, open } = await setup();
    await rotateTo(await open(), 'a', 'one-Passw0rd!');
    const envelope = JSON.parse(await readFile(file, 'utf8')) as { tag: string };
    const short = Buffer.from(envelope.tag, 'base64').subarray(0, 4).toString('base64');
    await writeFile(file, JSON.stringify({ ...envelope, tag: short }));
    await expect(open()).rejects.toBeInstanceOf(StoreDecryptError);
  });

  it('decodes keys strictly: 43 `a`, padding off, stray characters are not a key; canonical base64, base64url and hex are', async () => {
    const { file } = await setup();
    const openWith = (key: string) => FileStore.open({ path: file, key: { env: 'K' }, env: { K: key } });
    // Starts `+/v7` in base64: without its padding it is not base64url either.
    const bytes = Buffer.concat([Buffer.from([0xfb, 0xfb, 0xfb]), randomBytes(29)]);
    for (const bad of [
      'a'.repeat(43),
      bytes.toString('base64').replace(/=$/, ''),
      `${bytes.toString('base64')}=`,
      `${bytes.toString('base64').slice(0, 20)}*${bytes.toString('base64').slice(20)}`,
      `${bytes.toString('hex')}0`,
    ])
      await expect(openWith(bad), bad).rejects.toBeInstanceOf(StoreKeyError);
    for (const good of [bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex')])
      await expect(openWith(`${good}\n`)).resolves.toBeInstanceOf(FileStore);
  });

  it('reads a file of the format before store ids, rewrites it in the current one at the next write, and then refuses it as an old copy', async () => {
    const { env, file, open } = await setup();
    const document = {
      format: 'dbpass-store',
      version: 1,
      accounts: {
        a: [{ versionId: 'v1', password: 'legacy-Passw0rd!', stages: ['CURRENT'], createdAt: evidence.at }],
      },
      fencingToken: 3,
    };
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(env.KEY!, 'base64'), iv).setAAD(
      Buffer.from('dbpass-store v1'),
    );
    const data = Buffer.concat([cipher.update(JSON.stringify(document), 'utf8'), cipher.final()]);
    const legacy = `${JSON.stringify({
      format: 'dbpass-store-encrypted',
      alg: 'A256GCM',
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    })}\n`;
    await writeFile(file, legacy, { mode: 0o600 });

    const store = await open();
    expect((await store.read('a', 'CURRENT'))?.password).toBe('legacy-Passw0rd!');
    const lock = await store.lock();
    await lock.release();
    const rewritten = JSON.parse(await readFile(file, 'utf8')) as { store?: string; generation?: number };
    expect(rewritten).toMatchObject({ store: expect.any(String), generation: expect.any(Number) });
    expect((await (await open()).read('a', 'CURRENT'))?.password).toBe('legacy-Passw0rd!');

    await writeFile(file, legacy);
    const refused = await rejection(open());
    expect(refused).toBeInstanceOf(StoreRollbackError);
    expect(refused?.message).toMatch(/a file in the format before store ids/);
  });

  it('reading writes nothing: no lock, no temp files, no mark', async () => {
    const { dir, file, open } = await setup();
    await rotateTo(await open(), 'a', 'one-Passw0rd!');
    await rm(`${file}.seen`);
    const before = (await readdir(dir)).sort();
    const store = await open();
    await store.read('a', 'CURRENT');
    await store.list();
    expect((await readdir(dir)).sort()).toEqual(before);
    await expect(access(`${file}.seen`)).rejects.toThrow();
  });

  it('keeps accounts named constructor, __proto__ and toString like any other', async () => {
    const { open } = await setup();
    const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
    const store = await open();
    expect(await store.read('constructor', 'CURRENT')).toBeUndefined();
    expect(await store.inspect('__proto__')).toEqual({ state: 'absent' });
    for (const name of names) await rotateTo(store, name, `${name}-Passw0rd!`);
    const reopened = await open();
    for (const name of names) {
      expect((await reopened.read(name, 'CURRENT'))?.password).toBe(`${name}-Passw0rd!`);
      expect(await reopened.inspect(name)).toEqual({ state: 'managed' });
    }
    expect([...(await reopened.list()).keys()].sort()).toEqual([...names].sort());
  });
});
