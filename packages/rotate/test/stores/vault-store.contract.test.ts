import { freePort } from '@dbpass/emulator';
import { startBao } from '../servers/bao-server.js';
import { storeContract } from '../store-contract.js';

storeContract(
  'vault (OpenBao KV v2)',
  async () => {
    const bao = await startBao();
    const store = `{ vault: { mount: secret, path: dbpass/contract } }`;
    return {
      store,
      env: { VAULT_ADDR: bao.address, VAULT_TOKEN: bao.token },
      down: { store, env: { VAULT_ADDR: `http://127.0.0.1:${await freePort()}` } },
      badAuth: { store, env: { VAULT_TOKEN: 'not-a-valid-token' } },
      secrets: [bao.token, 'not-a-valid-token'],
      stop: () => bao.stop(),
    };
  },
  { lockFreeWrites: true },
);
