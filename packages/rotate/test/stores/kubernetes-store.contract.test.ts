import { startKube } from '../servers/kube-server.js';
import { storeContract } from '../store-contract.js';

storeContract(
  'kubernetes (kube-apiserver + etcd)',
  async () => {
    const kube = await startKube();
    const store = (kubeconfig: string) =>
      `{ kubernetes: { namespace: ${kube.namespace}, kubeconfig: ${JSON.stringify(kubeconfig)} } }`;
    return {
      store: store(kube.kubeconfig),
      env: {},
      down: { store: store(kube.downKubeconfig), env: {} },
      badAuth: { store: store(kube.badKubeconfig), env: {} },
      secrets: [kube.token],
      stop: () => kube.stop(),
    };
  },
  { lockFreeWrites: true },
);
