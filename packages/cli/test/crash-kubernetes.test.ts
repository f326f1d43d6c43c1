import { kubernetesDataKey } from '@dbpass/rotate/stores/kubernetes';
import { startKube } from '../../rotate/test/servers/kube-server.js';
import { crashSuite } from './crash-suite.js';

crashSuite('kubernetes store (kube-apiserver)', {
  kills: 50,
  fleet: '1,6,1,1,2',
  store: async () => {
    const kube = await startKube();
    return {
      store: `{ kubernetes: { namespace: ${kube.namespace}, kubeconfig: ${JSON.stringify(kube.kubeconfig)} } }`,
      env: {},
      // What an application sees: a plain GET of the Secret, the data key it mounts.
      plainCurrent: async (accountId) => {
        const { body } = await kube.api(
          'GET',
          `/api/v1/namespaces/${kube.namespace}/secrets/${accountId.split('/')[0]!}`,
        );
        const value = (body.data as Record<string, string> | undefined)?.[kubernetesDataKey(accountId, 'password')];
        return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
      },
      stop: () => kube.stop(),
    };
  },
});
