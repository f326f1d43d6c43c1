export { openKubernetesStore, type KubernetesStoreOptions } from './kubernetes/kubernetes-store.js';
export { currentKey as kubernetesDataKey } from './kubernetes/data-keys.js';
