export type { AccountKind, AccountRef, Cloud, LoginAddress, TlsSettings } from './account-ref.js';
export type { LoginChecker, LoginOutcome } from './login-checker.js';
export { CHECKPOINTS, type Checkpoint, type CheckpointName } from './checkpoint.js';
export { loadPlan, parsePlan } from './plan/load-plan.js';
export { planSchema } from './plan/plan-schema.js';
export {
  PlanError,
  type AwsStoreSpec,
  type ConnectionSpec,
  type FileStoreSpec,
  type KubernetesStoreSpec,
  type Plan,
  type PlanIssue,
  type StoreSpec,
  type TargetSpec,
  type VaultStoreSpec,
  type VerifySpec,
} from './plan/plan.js';
export { expandTargets, type PlannedAccount } from './plan/expand-targets.js';
export { parseDuration } from './plan/duration.js';
export { rotate, RotationSetupError, type RotateOptions } from './fleet/rotate-fleet.js';
export { isDue, selectAccounts, SelectionError } from './fleet/select-accounts.js';
export { MAX_USERS_PER_JOB, type JobWaitOptions } from './protocol/apply-passwords.js';
export { ACCOUNT_POLICIES } from './protocol/account-policy.js';
export { countOutcomes, type AccountResult, type Outcome, type RotationEvent, type RotationSummary, type Step } from './rotation-result.js';
export {
  PendingExistsError,
  StoreLockedError,
  type SecretStore,
  type SecretVersion,
  type Stage,
  type StoreLock,
  type VerificationEvidence,
  type VersionNote,
} from './store/secret-store.js';
export { FileStore, type FileStoreOptions } from './store/file-store.js';
export { StoreAuthError, StoreConflictError, StoreUnavailableError } from './store/store-errors.js';
export { describeStore, openPlanStore, type OpenPlanStoreOptions } from './store/open-plan-store.js';
export { StoreKeyError, type StoreKeySource } from './store/store-key.js';
export { StoreDecryptError } from './store/encryption.js';
export { previewRotation, type Preview, type PreviewedAccount } from './fleet/preview-rotation.js';
