import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockLostError, PendingExistsError, StoreLockedError } from '../../secret-store/secret-store.js';
import { StoreDecryptError } from './encryption.js';
import { FileStore } from './file-store.js';
import { StoreKeyError } from './store-key.js';

const setup = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dbpass-store-'));
  const env = { KEY: randomBytes(32).toString('base64') };
  const file = path.join(dir, 'store.dbpass');
  const store = await FileStore.open({ path: file, key: { env: 'KEY' }, env });
  return { dir, env, file, store };
};

describe('FileStore', () => {
  it('keeps passwords encrypted at rest in a 0600 file and reads them back after reopening', async () => {
    const { env, file, store } = await setup();
    const lock = await store.lock();
    await store.putPending('a', 'Secret-Value-123', 'v1');
    await store.promote('a', 'v1', { method: 'api', at: new Date().toISOString() });
    await lock.release();
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('Secret-Value-123');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const reopened = await FileStore.open({ path: file, key: { env: 'KEY' }, env });
    expect((await reopened.read('a', 'CURRENT'))?.password).toBe('Secret-Value-123');
    await expect(
      FileStore.open({ path: file, key: { env: 'KEY' }, env: { KEY: randomBytes(32).toString('hex') } }),
    ).rejects.toThrow(StoreDecryptError);
  });

  it('keeps the user a version names beside its password, across reopening, and lists it', async () => {
    const { env, file, store } = await setup();
    const lock = await store.lock();
    await store.adopt('a', 'live-Passw0rd!', 'v1', { method: 'login', at: 'now' }, { username: 'app' });
    await store.putPending('a', 'twin-Passw0rd!', 'v2', { username: 'app_clone' });
    await store.promote('a', 'v2', { method: 'login', at: 'now', pendingAccepted: true });
    await lock.release();
    const reopened = await FileStore.open({ path: file, key: { env: 'KEY' }, env });
    const current = await reopened.read('a', 'CURRENT');
    expect([current?.username, current?.password]).toEqual(['app_clone', 'twin-Passw0rd!']);
    expect((await reopened.read('a', 'PREVIOUS'))?.username).toBe('app');
    expect((await reopened.list()).get('a')?.map((version) => version.username)).toEqual(['app', 'app_clone']);
  });

  it('never holds two PENDING versions, and labels CURRENT, PREVIOUS on promotion', async () => {
    const { store } = await setup();
    const lock = await store.lock();
    await store.putPending('a', 'one', 'v1');
    await expect(store.putPending('a', 'two', 'v2')).rejects.toThrow(PendingExistsError);
    const login = { method: 'login', at: 'now', pendingAccepted: true } as const;
    await store.promote('a', 'v1', login);
    await store.putPending('a', 'two', 'v2');
    await store.promote('a', 'v2', login);
    await store.putPending('a', 'three', 'v3');
    await store.promote('a', 'v3', { method: 'api', at: 'now' });
    const versions = (await store.list()).get('a')!;
    expect(versions.map((version) => [version.versionId, version.stages])).toEqual([
      ['v1', []],
      ['v2', ['PREVIOUS']],
      ['v3', ['CURRENT']],
    ]);
    expect(versions.every((version) => version.password === undefined)).toBe(true);
    expect((await store.read('a', 'PREVIOUS'))?.password).toBe('two');
    await expect(store.promote('a', 'v1', { method: 'api', at: 'now' })).rejects.toThrow(/not PENDING/);
    // v3 has only the API's word: promoting v4 keeps v2, the last one that logged in, as PREVIOUS.
    await store.putPending('a', 'four', 'v4');
    await store.promote('a', 'v4', { method: 'api', at: 'now' });
    expect((await store.read('a', 'PREVIOUS'))?.password).toBe('two');
    expect((await store.list()).get('a')!.find((version) => version.versionId === 'v3')?.stages).toEqual([]);
    await lock.release();
  });

  it('refuses a second lock while the first is held, and takes over a lock whose process is gone', async () => {
    const { file, store, env } = await setup();
    const lock = await store.lock();
    const other = await FileStore.open({ path: file, key: { env: 'KEY' }, env });
    await expect(other.lock()).rejects.toThrow(StoreLockedError);
    await lock.release();
    await writeFile(
      `${file}.lock`,
      JSON.stringify({
        pid: 2 ** 22 + 12345,
        host: (await import('node:os')).hostname(),
        nonce: 'dead',
        since: 'then',
      }),
    );
    const taken = await other.lock();
    await taken.release();
  });

  it('leases: another PID namespace waits for the lease, an expired one or a rebooted host is taken over, a live one is renewed', async () => {
    const { file, store, env } = await setup();
    const { hostname } = await import('node:os');
    const holderIn = (fields: object) =>
      writeFile(`${file}.lock`, JSON.stringify({ pid: 1, host: hostname(), nonce: 'other', since: 'then', ...fields }));
    const inFuture = new Date(Date.now() + 60_000).toISOString();
    await holderIn({ pidNamespace: 'pid:[1]', expires: inFuture });
    await expect(store.lock()).rejects.toThrow(/pid 1 on .* \(PID namespace pid:\[1\]\).*lease until/);
    expect(await store.lockHolder()).toEqual({ holder: expect.stringContaining('PID namespace pid:[1]') });
    await holderIn({ pidNamespace: 'pid:[1]', expires: new Date(Date.now() - 1).toISOString() });
    expect((await store.lockHolder())?.stale).toBe('its lease has expired');
    await (await store.lock()).release();
    await holderIn({ bootId: 'an-earlier-boot', expires: inFuture });
    await (await store.lock()).release();

    const other = await FileStore.open({ path: file, key: { env: 'KEY' }, env });
    const started = Date.now();
    const held = await store.lock({ leaseMs: 2_000 });
    while (Date.now() < started + 3_000) await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(other.lock(), 'renewed past its first lease').rejects.toThrow(StoreLockedError);
    expect(held.lost()).toBe(false);
    await held.release();
  });

  it('fencing: a run whose lock was taken over writes nothing more, and the new holder keeps everything', async () => {
    const { file, store, env } = await setup();
    const first = await store.lock();
    await store.putPending('a', 'first-pending', 'v1');
    // The first run stalls; its lock is broken and another run takes the store over and writes.
    const other = await FileStore.open({ path: file, key: { env: 'KEY' }, env });
    expect(await other.breakLock()).toMatchObject({ holder: expect.stringContaining(`pid ${process.pid}`) });
    const second = await other.lock();
    await other.putPending('b', 'second-pending', 'v2');
    await expect(store.putPending('c', 'stale-write', 'v3')).rejects.toThrow(LockLostError);
    await first.release();
    expect((await other.read('b', 'PENDING'))?.password).toBe('second-pending');
    expect((await other.read('a', 'PENDING'))?.password).toBe('first-pending');
    expect(await other.read('c', 'PENDING')).toBeUndefined();
    expect(await other.lockHolder()).toBeDefined();
    await second.release();
    expect(await other.lockHolder()).toBeUndefined();
  });

  it('gives a clear error for a missing or malformed key and an unusable folder', async () => {
    await expect(FileStore.open({ path: '/tmp/x.dbpass', key: { env: 'NOPE' }, env: {} })).rejects.toThrow(
      StoreKeyError,
    );
    await expect(FileStore.open({ path: '/tmp/x.dbpass', key: { env: 'K' }, env: { K: 'short' } })).rejects.toThrow(
      /32 bytes/,
    );
    await expect(
      FileStore.open({ path: '/no/such/dir/x.dbpass', key: { env: 'K' }, env: { K: randomBytes(32).toString('hex') } }),
    ).rejects.toThrow(/does not exist or is not writable/);
  });
});
