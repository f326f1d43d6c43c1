import type { Checkpoint } from '../checkpoint.js';
import type { Plan, StoreSpec } from '../plan/plan.js';
import { FileStore } from '../stores/file/file-store.js';
import type { SecretStore } from './secret-store.js';
import { StoreUnavailableError } from './store-errors.js';

export interface OpenPlanStoreOptions {
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  readonly checkpoint?: Checkpoint | undefined;
}

/** Names the plan's store for messages (never a credential). */
export function describeStore(spec: StoreSpec): string {
  if ('file' in spec) return `file store ${spec.file}`;
  if ('vault' in spec) return `vault store ${spec.vault.mount ?? 'secret'}/${spec.vault.path}`;
  if ('aws' in spec) return `aws store ${spec.aws.prefix ?? 'dbpass/'}*`;
  return `kubernetes store ${spec.kubernetes.namespace}/*`;
}

/**
 * Opens the store the plan names. Remote stores are loaded on demand from their own entry points, so a plan with a
 * file store never loads (or needs installed) another store's SDK. Each checks it can reach and use its server.
 */
export async function openPlanStore(plan: Plan, options: OpenPlanStoreOptions = {}): Promise<SecretStore> {
  const env = options.env ?? process.env;
  const spec = plan.store;
  const common = { env, ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}) };
  if ('file' in spec)
    return FileStore.open({
      path: spec.file,
      key: spec.keyEnv ? { env: spec.keyEnv } : { file: spec.keyFile! },
      ...common,
    });
  if ('vault' in spec) {
    const { openVaultStore } = await import('../stores/vault.js');
    const token = env[spec.vault.tokenEnv ?? 'VAULT_TOKEN'];
    return openVaultStore({
      ...common,
      path: spec.vault.path,
      ...(spec.vault.mount ? { mount: spec.vault.mount } : {}),
      ...(spec.vault.field ? { field: spec.vault.field } : {}),
      ...(spec.vault.usernameField ? { usernameField: spec.vault.usernameField } : {}),
      ...(spec.vault.address ? { address: spec.vault.address } : {}),
      ...(token ? { token } : {}),
    });
  }
  if ('aws' in spec) {
    const { AwsSecretsManagerStore } = await import('../stores/aws.js').catch((error: unknown) => {
      throw new StoreUnavailableError(
        `${describeStore(spec)}: cannot load @aws-sdk/client-secrets-manager; install it beside @dbpass/rotate (${(error as Error).message})`,
      );
    });
    return AwsSecretsManagerStore.open({ ...common, ...spec.aws });
  }
  const { openKubernetesStore } = await import('../stores/kubernetes.js');
  return openKubernetesStore({ ...common, ...spec.kubernetes });
}
