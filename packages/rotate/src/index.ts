export type { AccountKind, AccountRef, Cloud, LoginAddress, TlsSettings } from './account-ref.js';
export { type AuditLog, type AuditLogOptions, openAuditLog } from './audit/audit-log.js';
export type { AuditEndRecord, AuditEventRecord, AuditRecord, AuditRunRecord } from './audit/audit-record.js';
export type { AuditOption } from './audit/audited-run.js';
export { auditPathProblem } from './audit-path.js';
export { ALTERNATING_CHECKPOINTS, CHECKPOINTS, type Checkpoint, type CheckpointName } from './checkpoint.js';
export {
  type AdoptionOutcome,
  type AdoptionResult,
  type AdoptionSummary,
  type AdoptOptions,
  adopt,
} from './fleet/adopt-accounts.js';
export { checkReadiness, type ReadinessCheck, type ReadinessOptions } from './fleet/check-readiness.js';
export { type Preview, type PreviewedAccount, previewRotation } from './fleet/preview-rotation.js';
export { type RotateOptions, rotate } from './fleet/rotate-fleet.js';
export { RotationSetupError } from './fleet/rotation-setup-error.js';
export { isDue, SelectionError, selectAccounts } from './fleet/select-accounts.js';
export type { JobWaitOptions } from './kinds/account-kind.js';
export { ACCOUNT_POLICIES } from './kinds/registry.js';
export { MAX_USERS_PER_JOB } from './kinds/taurusdb-db-user.js';
export type { LoginChecker, LoginOutcome, TryLoginOptions } from './login-checker.js';
export { parseDuration } from './plan/duration.js';
export { expandTargets, type PlannedAccount } from './plan/expand-targets.js';
export { checkPlan, loadPlan, parsePlan } from './plan/load-plan.js';
export {
  type AwsStoreSpec,
  type ConnectionSpec,
  type FileStoreSpec,
  type KubernetesStoreSpec,
  type Plan,
  PlanError,
  type PlanIssue,
  type StoreSpec,
  type TargetSpec,
  type VaultStoreSpec,
  type VerifySpec,
} from './plan/plan.js';
export { planSchema } from './plan/plan-schema.js';
export {
  type AccountResult,
  countOutcomes,
  type Outcome,
  type RotationEvent,
  type RotationSummary,
  type Step,
} from './rotation-result.js';
export { describeStore, type OpenPlanStoreOptions, openPlanStore } from './secret-store/open-plan-store.js';
export {
  AdoptionConflictError,
  type Holding,
  type LockInfo,
  LockLostError,
  NotAdoptedError,
  PendingExistsError,
  type SecretStore,
  type SecretVersion,
  type Stage,
  type StoreLock,
  StoreLockedError,
  type VerificationEvidence,
  type VersionNote,
} from './secret-store/secret-store.js';
export { StoreAuthError, StoreConflictError, StoreUnavailableError } from './secret-store/store-errors.js';
export { StoreDecryptError } from './stores/file/encryption.js';
export { FileStore, type FileStoreOptions } from './stores/file/file-store.js';
export { ACCEPT_ROLLBACK_ENV, StoreRollbackError } from './stores/file/seen-mark.js';
export { StoreKeyError, type StoreKeySource } from './stores/file/store-key.js';
export { UnsafePathError } from './stores/path-segments.js';
