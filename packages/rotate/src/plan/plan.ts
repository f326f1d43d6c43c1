import type { AccountKind, OceanBaseLoginName, TlsSettings } from '../account-ref.js';

export type VerifySpec =
  | {
      readonly by: 'login';
      readonly address: string;
      readonly tls?: TlsSettings | undefined;
      readonly loginName?: OceanBaseLoginName | undefined;
      readonly proxySource?: string | undefined;
    }
  | { readonly by: 'api'; readonly reason: string };

export interface PasswordOverride {
  readonly length?: number | undefined;
  readonly exclude?: string | undefined;
}

export interface HuaweiConnection {
  readonly cloud: 'huawei';
  readonly region?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly projectId: string;
  readonly credentials: {
    readonly accessKeyEnv: string;
    readonly secretKeyEnv: string;
    readonly securityTokenEnv?: string | undefined;
  };
  readonly requestsPerSecond?: number | undefined;
}

export interface OceanBaseConnection {
  readonly cloud: 'oceanbase';
  readonly region?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly projectId: string;
  readonly credentials: { readonly accessKeyIdEnv: string; readonly accessKeySecretEnv: string };
  readonly requestsPerSecond?: number | undefined;
}

export type ConnectionSpec = HuaweiConnection | OceanBaseConnection;

export interface TargetSpec {
  readonly name: string;
  readonly kind: AccountKind | 'taurusdb-db-users';
  readonly connection: string;
  readonly instanceId: string;
  readonly tenantId?: string | undefined;
  readonly user?: string | undefined;
  readonly host?: string | undefined;
  readonly users?: ReadonlyArray<{ readonly user: string; readonly host?: string | undefined }> | undefined;
  readonly verify: VerifySpec;
  readonly period?: string | undefined;
  readonly manual?: boolean | undefined;
  readonly password?: PasswordOverride | undefined;
}

/** The embedded, encrypted file store. */
export interface FileStoreSpec {
  readonly file: string;
  readonly keyEnv?: string | undefined;
  readonly keyFile?: string | undefined;
}

export interface VaultStoreSpec {
  readonly vault: {
    readonly address?: string | undefined;
    readonly mount?: string | undefined;
    readonly path: string;
    /** The KV field applications read CURRENT from (default `CURRENT`); PENDING and PREVIOUS sit beside it. */
    readonly field?: string | undefined;
    readonly tokenEnv?: string | undefined;
  };
}

export interface AwsStoreSpec {
  readonly aws: {
    readonly prefix?: string | undefined;
    readonly region?: string | undefined;
    readonly endpoint?: string | undefined;
    /** In a secret kept as JSON (AWS's database secret format), the key of the password (default `password`). */
    readonly field?: string | undefined;
  };
}

export interface KubernetesStoreSpec {
  readonly kubernetes: {
    readonly namespace: string;
    /** Secret name per target name; a target without one uses its own name. */
    readonly secrets?: Readonly<Record<string, string>> | undefined;
    /** The data key of CURRENT (default `password`); PENDING and PREVIOUS sit beside it. */
    readonly key?: string | undefined;
    readonly kubeconfig?: string | undefined;
    readonly context?: string | undefined;
  };
}

/** Where the plan keeps passwords. */
export type StoreSpec = FileStoreSpec | VaultStoreSpec | AwsStoreSpec | KubernetesStoreSpec;

/** A validated plan; relative paths are resolved against the plan file's folder. */
export interface Plan {
  readonly version: 1;
  readonly store: StoreSpec;
  readonly audit?: string | undefined;
  readonly verifier?: { readonly module?: string | undefined } | undefined;
  readonly concurrency?: number | undefined;
  /** How TaurusDB db-user jobs are waited for. */
  readonly jobs?: { readonly pollIntervalMs?: number | undefined; readonly timeoutMs?: number | undefined } | undefined;
  readonly period?: string | undefined;
  /** The store's run lock: how long a lease lasts unless renewed (default 120 s). */
  readonly lock?: { readonly leaseMs?: number | undefined } | undefined;
  readonly connections: Readonly<Record<string, ConnectionSpec>>;
  readonly targets: readonly TargetSpec[];
}

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
