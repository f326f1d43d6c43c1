import { ownValue } from '../secret-store/own-record.js';
import { secretName } from '../stores/aws/aws-names.js';
import { currentKey } from '../stores/kubernetes/data-keys.js';
import type { StoreSpec } from './plan.js';

const segments = (path: string) => path.split('/').filter(Boolean);

/**
 * Where an account's CURRENT lives in the plan's store, as the store's server resolves it: two accounts with one
 * location would overwrite each other's passwords (a Secret shared by two targets under one data key, names equal
 * once escaped, one KV path).
 */
export function storeLocationOf(spec: StoreSpec, accountId: string): string {
  if ('file' in spec) return accountId;
  if ('vault' in spec)
    return [...segments(spec.vault.mount ?? 'secret'), ...segments(spec.vault.path), ...segments(accountId)].join('/');
  if ('aws' in spec) return secretName(spec.aws.prefix ?? 'dbpass/', accountId);
  const { secrets = {}, key = 'password' } = spec.kubernetes;
  const target = accountId.split('/')[0]!;
  return `Secret ${ownValue(secrets, target) ?? target}, data key ${currentKey(accountId, key)}`;
}
