import type { AccountKind, OceanBaseLoginName, TlsSettings } from '../account-ref.js';

export type VerifySpec =
  | {
      readonly by: 'login';
      readonly address: string;
      readonly tls?: TlsSettings;
      readonly loginName?: OceanBaseLoginName;
      readonly proxySource?: string;
    }
  | { readonly by: 'api'; readonly reason: string };

export interface PasswordOverride {
  readonly length?: number;
  readonly exclude?: string;
}

export interface HuaweiConnection {
  readonly cloud: 'huawei';
  readonly region?: string;
  readonly endpoint?: string;
  readonly projectId: string;
  readonly credentials: {
    readonly accessKeyEnv: string;
    readonly secretKeyEnv: string;
    readonly securityTokenEnv?: string;
  };
  readonly requestsPerSecond?: number;
}

export interface OceanBaseConnection {
  readonly cloud: 'oceanbase';
  readonly region?: string;
  readonly endpoint?: string;
  readonly projectId: string;
  readonly credentials: { readonly accessKeyIdEnv: string; readonly accessKeySecretEnv: string };
  readonly requestsPerSecond?: number;
}

export type ConnectionSpec = HuaweiConnection | OceanBaseConnection;

export interface TargetSpec {
  readonly name: string;
  readonly kind: AccountKind | 'taurusdb-db-users';
  readonly connection: string;
  readonly instanceId: string;
  readonly tenantId?: string;
  readonly user?: string;
  readonly host?: string;
  readonly users?: ReadonlyArray<{ readonly user: string; readonly host?: string }>;
  readonly verify: VerifySpec;
  readonly period?: string;
  readonly manual?: boolean;
  readonly password?: PasswordOverride;
}

/** The embedded, encrypted file store. */
export interface FileStoreSpec {
  readonly file: string;
  readonly keyEnv?: string;
  readonly keyFile?: string;
}

export interface VaultStoreSpec {
  readonly vault: {
    readonly address?: string;
    readonly mount?: string;
    readonly path: string;
    /** The KV field applications read CURRENT from (default `CURRENT`); PENDING and PREVIOUS sit beside it. */
    readonly field?: string;
    readonly tokenEnv?: string;
  };
}

export interface AwsStoreSpec {
  readonly aws: {
    readonly prefix?: string;
    readonly region?: string;
    readonly endpoint?: string;
    /** In a secret kept as JSON (AWS's database secret format), the key of the password (default `password`). */
    readonly field?: string;
  };
}

export interface KubernetesStoreSpec {
  readonly kubernetes: {
    readonly namespace: string;
    /** Secret name per target name; a target without one uses its own name. */
    readonly secrets?: Readonly<Record<string, string>>;
    /** The data key of CURRENT (default `password`); PENDING and PREVIOUS sit beside it. */
    readonly key?: string;
    readonly kubeconfig?: string;
    readonly context?: string;
  };
}

/** Where the plan keeps passwords. */
export type StoreSpec = FileStoreSpec | VaultStoreSpec | AwsStoreSpec | KubernetesStoreSpec;

/** A validated plan; relative paths are resolved against the plan file's folder. */
export interface Plan {
  readonly version: 1;
  readonly store: StoreSpec;
  readonly audit?: string;
  readonly verifier?: { readonly module?: string };
  readonly concurrency?: number;
  /** How TaurusDB db-user jobs are waited for. */
  readonly jobs?: { readonly pollIntervalMs?: number; readonly timeoutMs?: number };
  readonly period?: string;
  /** The store's run lock: how long a lease lasts unless renewed (default 120 s). */
  readonly lock?: { readonly leaseMs?: number };
  readonly connections: Readonly<Record<string, ConnectionSpec>>;
  readonly targets: readonly TargetSpec[];
}

/** One thing wrong with a plan: where (line, path, target) and which rule. */
export interface PlanIssue {
  readonly line?: number;
  readonly column?: number;
  /** `targets[2].verify.address` */
  readonly path: string;
  readonly target?: string;
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
