import { FileStore, type Checkpoint, type Plan } from '@dbpass/rotate';

/** The plan's store (the embedded file store for now). */
export function openStore(plan: Plan, env: NodeJS.ProcessEnv, checkpoint?: Checkpoint): Promise<FileStore> {
  const key = plan.store.keyEnv ? { env: plan.store.keyEnv } : { file: plan.store.keyFile! };
  return FileStore.open({ path: plan.store.file, key, env, ...(checkpoint ? { checkpoint } : {}) });
}
