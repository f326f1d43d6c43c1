import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startBao } from '../../rotate/test/servers/bao-server.js';
import { crashSuite } from './crash-suite.js';

const run = promisify(execFile);

crashSuite('vault store (OpenBao)', {
  kills: 50,
  fleet: '1,6,1,1,2',
  store: async () => {
    const bao = await startBao();
    return {
      store: '{ vault: { mount: secret, path: dbpass/crash } }',
      env: { VAULT_ADDR: bao.address, VAULT_TOKEN: bao.token },
      // What an application runs: the bao CLI, reading the CURRENT field.
      plainCurrent: async (accountId) => {
        const { stdout } = await run(bao.program, ['kv', 'get', '-field=CURRENT', `secret/dbpass/crash/${accountId}`], {
          env: { PATH: process.env.PATH ?? '', HOME: bao.home, VAULT_ADDR: bao.address, VAULT_TOKEN: bao.token },
        });
        return stdout.replace(/\n$/, '');
      },
      stop: () => bao.stop(),
    };
  },
});
