export { currentKey as kubernetesDataKey } from './kubernetes/data-keys.js';
export { type KubernetesStoreOptions, openKubernetesStore } from './kubernetes/kubernetes-store.js';
