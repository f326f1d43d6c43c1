import type { Checkpoint } from '../../checkpoint.js';
import type { CasRegister } from '../../store/cas-lock.js';
import { type Accounts, type DocumentBackend, DocumentStore, type Snapshot } from '../../store/document-store.js';
import type { SecretVersion, Stage } from '../../store/secret-store.js';
import { joinPasswords, type StagePasswords, splitPasswords } from '../../store/staged-passwords.js';
import { StoreUnavailableError } from '../../store/store-errors.js';
import { currentKey, stageKey } from './data-keys.js';
import { type KubeAccess, loadKubeAccess } from './kube-config.js';
import { type KubeAnswer, kubeRequest } from './kube-http.js';

export interface KubernetesStoreOptions {
  readonly namespace: string;
  /** Secret name per target; a target without one uses its own name. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** The data key of CURRENT for a target of one account (default `password`). */
  readonly key?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly checkpoint?: Checkpoint;
  readonly now?: () => Date;
  readonly env?: NodeJS.ProcessEnv;
}

interface SecretObject {
  apiVersion: 'v1';
  kind: 'Secret';
  type?: string;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  data?: Record<string, string>;
}

/** The versions' metadata (ids, dates, evidence, never a password) per account id, in an annotation of the Secret. */
const VERSIONS = 'dbpass/versions';
const HOLDER = 'dbpass/holder';
const MANAGED = { 'app.kubernetes.io/managed-by': 'dbpass' };
const LOCK_SECRET = 'dbpass-lock';
const STAGES: readonly Stage[] = ['CURRENT', 'PENDING', 'PREVIOUS'];

const targetOf = (accountId: string) => accountId.split('/')[0]!;
const decode = (value: string | undefined) =>
  value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');

class KubernetesBackend implements DocumentBackend {
  readonly lockRegister: CasRegister;
  private readonly base: string;

  constructor(
    private readonly access: KubeAccess,
    private readonly namespace: string,
    private readonly names: Readonly<Record<string, string>>,
    key: string | undefined,
    readonly description: string,
  ) {
    this.base = key ?? 'password';
    this.lockRegister = {
      read: async () => {
        const secret = await this.get(LOCK_SECRET);
        return { value: secret?.metadata.annotations?.[HOLDER], revision: secret?.metadata.resourceVersion };
      },
      write: (value, revision) => {
        const annotations: Record<string, string> = value === undefined ? {} : { [HOLDER]: value };
        return this.put(
          {
            apiVersion: 'v1',
            kind: 'Secret',
            type: 'Opaque',
            metadata: { name: LOCK_SECRET, annotations, ...(revision ? { resourceVersion: revision } : {}) },
          },
          revision !== undefined,
        );
      },
    };
  }

  locationOf(accountId: string): string {
    return this.names[targetOf(accountId)] ?? targetOf(accountId);
  }

  async load(name: string): Promise<Snapshot> {
    const secret = await this.get(name);
    return { accounts: secret ? this.accountsOf(secret) : {}, revision: secret?.metadata.resourceVersion, raw: secret };
  }

  save(name: string, snapshot: Snapshot, accounts: Accounts): Promise<boolean> {
    const existing = snapshot.raw as SecretObject | undefined;
    const data = { ...existing?.data };
    const meta: Record<string, SecretVersion[]> = JSON.parse(existing?.metadata.annotations?.[VERSIONS] ?? '{}');
    for (const [accountId, versions] of Object.entries(accounts)) {
      const key = currentKey(accountId, this.base);
      const { meta: versionsMeta, passwords } = splitPasswords(versions);
      for (const stage of STAGES) {
        const password = passwords[stage];
        if (password === undefined) delete data[stageKey(key, stage)];
        else data[stageKey(key, stage)] = Buffer.from(password).toString('base64');
      }
      meta[accountId] = versionsMeta;
    }
    const secret: SecretObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: existing?.type ?? 'Opaque',
      metadata: {
        ...existing?.metadata,
        name,
        labels: { ...existing?.metadata.labels, ...MANAGED },
        annotations: { ...existing?.metadata.annotations, [VERSIONS]: JSON.stringify(meta) },
      },
      data,
    };
    return this.put(secret, existing !== undefined);
  }

  async loadAll(): Promise<Accounts> {
    const answer = await this.call(
      'GET',
      `${this.collection()}?labelSelector=${encodeURIComponent('app.kubernetes.io/managed-by=dbpass')}`,
    );
    this.expect(answer, [200], 'list Secrets');
    const accounts: Accounts = {};
    for (const secret of (answer.body?.items ?? []) as SecretObject[]) Object.assign(accounts, this.accountsOf(secret));
    return accounts;
  }

  /** Checks the API server answers and these credentials may read Secrets in the namespace. */
  async check(): Promise<void> {
    await this.get(LOCK_SECRET);
  }

  private accountsOf(secret: SecretObject): Accounts {
    const meta: Record<string, SecretVersion[]> = JSON.parse(secret.metadata.annotations?.[VERSIONS] ?? '{}');
    return Object.fromEntries(
      Object.entries(meta).map(([accountId, versions]) => {
        const key = currentKey(accountId, this.base);
        const passwords: StagePasswords = {};
        for (const stage of STAGES) {
          const value = decode(secret.data?.[stageKey(key, stage)]);
          if (value !== undefined) passwords[stage] = value;
        }
        return [accountId, joinPasswords(versions, passwords)];
      }),
    );
  }

  private async get(name: string): Promise<SecretObject | undefined> {
    const answer = await this.call('GET', `${this.collection()}/${encodeURIComponent(name)}`);
    if (answer.status === 404) return undefined;
    this.expect(answer, [200], `read Secret ${name}`);
    return answer.body as unknown as SecretObject;
  }

  /** Creates (replace false) or replaces at the object's resourceVersion; false on 409, another writer went first. */
  private async put(secret: SecretObject, replace: boolean): Promise<boolean> {
    const { name } = secret.metadata;
    const answer = replace
      ? await this.call('PUT', `${this.collection()}/${encodeURIComponent(name)}`, secret)
      : await this.call('POST', this.collection(), secret);
    if (answer.status === 409) return false;
    this.expect(answer, [200, 201], `write Secret ${name}`);
    return true;
  }

  private collection(): string {
    return `api/v1/namespaces/${encodeURIComponent(this.namespace)}/secrets`;
  }

  private call(method: string, apiPath: string, body?: unknown): Promise<KubeAnswer> {
    return kubeRequest(this.access, this.description, method, apiPath, body);
  }

  private expect(answer: KubeAnswer, statuses: readonly number[], what: string): void {
    if (statuses.includes(answer.status)) return;
    throw new StoreUnavailableError(
      `${this.description}: ${what} answered ${answer.status} (${String(answer.body?.message ?? '')})`,
    );
  }
}

/**
 * Kubernetes Secrets: one Secret per target in `namespace`, CURRENT under the data key applications mount
 * (`password`, or `<user>.password` for a target of several users), PENDING and PREVIOUS beside it, version
 * metadata in an annotation. Every write names the resourceVersion it read (409 Conflict: read and apply again).
 */
export async function openKubernetesStore(options: KubernetesStoreOptions): Promise<DocumentStore> {
  const env = options.env ?? process.env;
  const access = await loadKubeAccess({
    env,
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.context ? { context: options.context } : {}),
  });
  const description = `kubernetes store ${access.server} (namespace ${options.namespace})`;
  const backend = new KubernetesBackend(access, options.namespace, options.secrets ?? {}, options.key, description);
  await backend.check();
  return new DocumentStore(backend, {
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}
