import { kubeApplication, startKube } from '../../rotate/test/servers/kube-server.js';
import { crashSuite } from './crash-suite.js';

crashSuite('kubernetes store (kube-apiserver)', {
  kills: 50,
  fleet: '1,6,1,1,2',
  store: async () => {
    const kube = await startKube();
    return {
      store: `{ kubernetes: { namespace: ${kube.namespace}, kubeconfig: ${JSON.stringify(kube.kubeconfig)} } }`,
      env: {},
      // The application's Secret per target, made by Helm beside its username, host and config: what dbpass adopts.
      application: kubeApplication(kube),
      stop: () => kube.stop(),
    };
  },
});
