import { type Checkpoint, openPlanStore, type Plan, type SecretStore } from '@dbpass/rotate';

/** The plan's store: the embedded file store, Vault/OpenBao, AWS Secrets Manager or Kubernetes Secrets. */
export function openStore(plan: Plan, env: NodeJS.ProcessEnv, checkpoint?: Checkpoint): Promise<SecretStore> {
  return openPlanStore(plan, { env, ...(checkpoint ? { checkpoint } : {}) });
}
