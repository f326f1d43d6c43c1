import type { connectionSchema } from './connection-schema.js';
import type { planSchema } from './plan-schema.js';
import type { SchemaType } from './schema-type.js';

/** A validated plan; relative paths are resolved against the plan file's folder. Read from its schema. */
export type Plan = SchemaType<typeof planSchema>;

/** One target: its kind's form (`kind: starrocks`, `kind: taurusdb-db-users`, ...) with the properties of every target. */
export type TargetSpec = Plan['targets'][number];

export type VerifySpec = TargetSpec['verify'];

export type PasswordOverride = NonNullable<TargetSpec['password']>;

/** A connection: one cloud's API and the environment variables holding its credentials. */
export type ConnectionSpec = SchemaType<typeof connectionSchema>;

export type HuaweiConnection = Extract<ConnectionSpec, { readonly cloud: 'huawei' }>;

export type OceanBaseConnection = Extract<ConnectionSpec, { readonly cloud: 'oceanbase' }>;

/** Where the plan keeps passwords. */
export type StoreSpec = Plan['store'];

/** The embedded, encrypted file store. */
export type FileStoreSpec = Extract<StoreSpec, { readonly file: string }>;

/** Vault / OpenBao KV v2. */
export type VaultStoreSpec = Extract<StoreSpec, { readonly vault: unknown }>;

/** AWS Secrets Manager. */
export type AwsStoreSpec = Extract<StoreSpec, { readonly aws: unknown }>;

/** Kubernetes Secrets. */
export type KubernetesStoreSpec = Extract<StoreSpec, { readonly kubernetes: unknown }>;

/** One thing wrong with a plan: where (line, path, target) and which rule. */
export interface PlanIssue {
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  /** `targets[2].verify.address` */
  readonly path: string;
  readonly target?: string | undefined;
  readonly rule: string;
  readonly message: string;
}

export class PlanError extends Error {
  override name = 'PlanError';
  constructor(
    readonly source: string,
    readonly issues: readonly PlanIssue[],
  ) {
    super(
      `${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'}, nothing was sent:\n` +
        issues
          .map(
            (issue) =>
              `- ${issue.line === undefined ? '' : `line ${issue.line}: `}${issue.target ? `target ${issue.target}: ` : ''}${issue.path}: ${issue.message} [${issue.rule}]`,
          )
          .join('\n'),
    );
  }
}
