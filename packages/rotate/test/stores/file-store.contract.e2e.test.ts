import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileStore } from '../../src/index.js';
import { storeContract } from '../store-contract.js';

storeContract('file', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dbpass-contract-'));
  const file = path.join(dir, 'store.dbpass');
  const key = randomBytes(32).toString('base64');
  const wrongKey = randomBytes(32).toString('base64');
  // A store that already has something in it, so that the wrong key is refused when it is opened.
  const seeded = await FileStore.open({ path: file, key: { env: 'KEY' }, env: { KEY: key } });
  const lock = await seeded.lock();
  await seeded.putPending('seed', 'seed-Passw0rd!', randomUUID());
  await lock.release();
  const store = `{ file: ${JSON.stringify(file)}, keyEnv: DBPASS_STORE_KEY }`;
  return {
    store,
    env: { DBPASS_STORE_KEY: key },
    down: {
      store: `{ file: ${JSON.stringify(path.join(dir, 'missing', 'store.dbpass'))}, keyEnv: DBPASS_STORE_KEY }`,
      env: {},
    },
    badAuth: { store, env: { DBPASS_STORE_KEY: wrongKey } },
    secrets: [key, wrongKey],
    stop: () => rm(dir, { recursive: true, force: true }),
  };
});
