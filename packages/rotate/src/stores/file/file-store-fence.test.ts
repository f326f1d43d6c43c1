// The fencing check before each write: the file this run wrote last is recognised without decrypting it, and any
// other file (another holder's, even with the same store id and generation) is decrypted and its token compared.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LockLostError } from '../../secret-store/secret-store.js';
import * as encryption from './encryption.js';
import { FileStore } from './file-store.js';

vi.mock('./encryption.js', async (original) => {
  const actual = await original<typeof import('./encryption.js')>();
  return { ...actual, decrypt: vi.fn(actual.decrypt) };
});
const decrypt = vi.mocked(encryption.decrypt);

const setup = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dbpass-fence-'));
  const keyText = randomBytes(32).toString('base64');
  const file = path.join(dir, 'store.dbpass');
  const store = await FileStore.open({ path: file, key: { env: 'KEY' }, env: { KEY: keyText } });
  return { file, store, key: Buffer.from(keyText, 'base64') };
};

describe('the file store fence', () => {
  it('decrypts nothing before writing over the file it wrote last', async () => {
    const { store } = await setup();
    const lock = await store.lock();
    await store.putPending('a', 'first-Passw0rd!', 'v1');
    decrypt.mockClear();
    await store.putPending('b', 'second-Passw0rd!', 'v2');
    await store.promote('a', 'v1', { method: 'api', at: new Date().toISOString() });
    await store.note('b', 'v2', { appliedAt: new Date().toISOString() });
    expect(decrypt).not.toHaveBeenCalled();
    await lock.release();
    expect((await store.read('a', 'CURRENT'))?.password).toBe('first-Passw0rd!');
  });

  it('stops when another holder wrote a file with the same store id and generation as its own last write', async () => {
    const { file, store, key } = await setup();
    const lock = await store.lock();
    await store.putPending('a', 'first-Passw0rd!', 'v1');
    const text = await readFile(file, 'utf8');
    const { plaintext, header } = encryption.decrypt(text, key, 'test');
    const document = JSON.parse(plaintext) as { fencingToken: number };
    const taken = { ...document, fencingToken: document.fencingToken + 1 };
    await writeFile(file, encryption.encrypt(JSON.stringify(taken), key, header!));
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      store: header!.store,
      generation: header!.generation,
    });
    await expect(store.putPending('b', 'stale-Passw0rd!', 'v2')).rejects.toThrow(LockLostError);
    await lock.release();
  });
});
