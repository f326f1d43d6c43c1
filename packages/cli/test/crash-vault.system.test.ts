import { baoApplication, startBao } from '../../rotate/test/servers/bao-server.js';
import { crashSuite } from './crash-suite.js';

crashSuite('vault store (OpenBao)', {
  kills: 50,
  fleet: '1,6,1,1,2',
  store: async () => {
    const bao = await startBao();
    return {
      // The application's own field, beside its username, host and port: the secrets dbpass adopts.
      store: '{ vault: { mount: secret, path: dbpass/crash, field: password } }',
      env: { VAULT_ADDR: bao.address, VAULT_TOKEN: bao.token },
      application: baoApplication(bao, { folder: 'secret/dbpass/crash', field: 'password' }),
      stop: () => bao.stop(),
    };
  },
});
