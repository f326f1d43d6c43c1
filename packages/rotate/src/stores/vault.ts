export { openVaultStore, type VaultStoreOptions } from './vault/vault-store.js';
