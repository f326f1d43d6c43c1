import { freePort } from '@dbpass/emulator';
import { startMoto } from '../servers/moto-server.js';
import { storeContract } from '../store-contract.js';

storeContract(
  'aws (moto Secrets Manager)',
  async () => {
    const moto = await startMoto();
    const store = `{ aws: { prefix: contract/, region: us-east-1, endpoint: ${JSON.stringify(moto.endpoint)} } }`;
    const wrongSecret = `${moto.credentials.secretAccessKey.slice(0, -4)}XXXX`;
    return {
      store,
      env: { AWS_ACCESS_KEY_ID: moto.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: moto.credentials.secretAccessKey },
      down: {
        store: `{ aws: { prefix: contract/, region: us-east-1, endpoint: "http://127.0.0.1:${await freePort()}" } }`,
        env: {},
      },
      badAuth: { store, env: { AWS_SECRET_ACCESS_KEY: wrongSecret } },
      secrets: [moto.credentials.secretAccessKey, wrongSecret],
      stop: () => moto.stop(),
    };
  },
  { lockFreeWrites: true },
);
