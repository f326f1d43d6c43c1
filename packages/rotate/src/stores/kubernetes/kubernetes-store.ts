import type { Checkpoint } from '../../checkpoint.js';
import type { CasRegister } from '../../secret-store/cas-lock.js';
import {
  type Accounts,
  type DocumentBackend,
  DocumentStore,
  type Snapshot,
} from '../../secret-store/document-store.js';
import { ownRecord, ownValue, setOwn } from '../../secret-store/own-record.js';
import { STAGES } from '../../secret-store/secret-store.js';
import { StoreUnavailableError } from '../../secret-store/store-errors.js';
import { currentKey, stageKey } from './data-keys.js';
import { type KubeAccess, loadKubeAccess } from './kube-config.js';
import { type KubeAnswer, kubeRequest } from './kube-http.js';
import { secretsPath } from './kube-paths.js';
import {
  applicationPassword,
  applicationUsername,
  type DataKeys,
  keepsAccounts,
  readAccounts,
  type SecretObject,
  withAccounts,
} from './secret-object.js';

export interface KubernetesStoreOptions {
  readonly namespace: string;
  /** Secret name per target; a target without one uses its own name. */
  readonly secrets?: Readonly<Record<string, string>> | undefined;
  /** The data key of CURRENT for a target of one account (default `password`). */
  readonly key?: string | undefined;
  /**
   * The data key of CURRENT's user (default `username`; `<user>.username` for a target of several users), written
   * only for an account whose versions name their user (the `alternating` strategy).
   */
  readonly usernameKey?: string | undefined;
  readonly kubeconfig?: string | undefined;
  readonly context?: string | undefined;
  readonly checkpoint?: Checkpoint | undefined;
  readonly now?: (() => Date) | undefined;
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

const HOLDER = 'dbpass/holder';
const LOCK_SECRET = 'dbpass-lock';
/** Secrets per list call: a namespace may hold large ones (Helm releases, certificates). */
const PAGE = 100;

const targetOf = (accountId: string) => accountId.split('/')[0]!;

class KubernetesBackend implements DocumentBackend {
  readonly lockRegister: CasRegister;
  private readonly base: string;

  constructor(
    private readonly access: KubeAccess,
    private readonly namespace: string,
    private readonly names: Readonly<Record<string, string>>,
    private readonly keys: DataKeys,
    readonly description: string,
  ) {
    this.base = keys.password;
    this.lockRegister = {
      read: async () => {
        const secret = await this.get(LOCK_SECRET);
        return { value: ownValue(secret?.metadata.annotations, HOLDER), revision: secret?.metadata.resourceVersion };
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
    return ownValue(this.names, targetOf(accountId)) ?? targetOf(accountId);
  }

  async load(name: string): Promise<Snapshot> {
    const secret = await this.get(name);
    return {
      accounts: secret ? readAccounts(secret, this.base) : ownRecord(),
      revision: secret?.metadata.resourceVersion,
      raw: secret,
    };
  }

  applicationPassword(snapshot: Snapshot, accountId: string): string | undefined {
    return applicationPassword(snapshot.raw as SecretObject | undefined, accountId, this.base);
  }

  applicationUsername(snapshot: Snapshot, accountId: string): string | undefined {
    return applicationUsername(snapshot.raw as SecretObject | undefined, accountId, this.keys);
  }

  describeLocation(accountId: string): string {
    return `Secret ${this.namespace}/${this.locationOf(accountId)}, data key ${currentKey(accountId, this.base)}`;
  }

  save(name: string, snapshot: Snapshot, accounts: Accounts): Promise<boolean> {
    const existing = snapshot.raw as SecretObject | undefined;
    return this.put(withAccounts(name, existing, snapshot.accounts, accounts, this.keys), existing !== undefined);
  }

  /** Every Secret of the namespace that carries the versions annotation, whoever labels it (Helm, Argo CD, dbpass). */
  async loadAll(): Promise<Accounts> {
    const accounts = ownRecord<Accounts[string]>();
    for await (const secret of this.listSecrets())
      if (keepsAccounts(secret))
        for (const [accountId, versions] of Object.entries(readAccounts(secret, this.base)))
          setOwn(accounts, accountId, versions);
    return accounts;
  }

  /** Checks the API server answers and these credentials may read Secrets in the namespace. */
  async check(): Promise<void> {
    await this.get(LOCK_SECRET);
  }

  private async *listSecrets(): AsyncGenerator<SecretObject> {
    let next: string | undefined;
    do {
      const query = new URLSearchParams({ limit: String(PAGE), ...(next ? { continue: next } : {}) });
      const answer = await this.call('GET', `${this.collection()}?${query}`);
      this.expect(answer, [200], 'list Secrets');
      yield* (answer.body?.items ?? []) as SecretObject[];
      next = (answer.body?.metadata as { continue?: string } | undefined)?.continue || undefined;
    } while (next);
  }

  private async get(name: string): Promise<SecretObject | undefined> {
    const answer = await this.call('GET', secretsPath(this.namespace, name));
    if (answer.status === 404) return undefined;
    this.expect(answer, [200], `read Secret ${name}`);
    return answer.body as unknown as SecretObject;
  }

  /** Creates (replace false) or replaces at the object's resourceVersion; false on 409, another writer went first. */
  private async put(secret: SecretObject, replace: boolean): Promise<boolean> {
    const { name } = secret.metadata;
    const answer = replace
      ? await this.call('PUT', secretsPath(this.namespace, name), secret)
      : await this.call('POST', this.collection(), secret);
    if (answer.status === 409) return false;
    this.expect(answer, [200, 201], `write Secret ${name}`);
    return true;
  }

  private collection(): string {
    return secretsPath(this.namespace);
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
 * metadata in an annotation. The Secret may be an application's own (made by Helm, Argo CD, kubectl): every other
 * key, label and annotation is written back as read. Every write names the resourceVersion it read (409
 * Conflict: read and apply again).
 */
export async function openKubernetesStore(options: KubernetesStoreOptions): Promise<DocumentStore> {
  const env = options.env ?? process.env;
  const access = await loadKubeAccess({
    env,
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.context ? { context: options.context } : {}),
  });
  const description = `kubernetes store ${access.server} (namespace ${options.namespace})`;
  const keys: DataKeys = { password: options.key ?? 'password', username: options.usernameKey ?? 'username' };
  if (STAGES.some((stage) => stageKey(keys.password, stage) === keys.username))
    throw new StoreUnavailableError(
      `${description}: data key ${keys.username} cannot hold the user: a password is kept there (store.kubernetes.usernameKey)`,
    );
  const backend = new KubernetesBackend(access, options.namespace, options.secrets ?? {}, keys, description);
  await backend.check();
  return new DocumentStore(backend, {
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}
