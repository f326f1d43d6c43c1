import type { Checkpoint } from '../../checkpoint.js';
import type { CasRegister } from '../../secret-store/cas-lock.js';
import {
  type Accounts,
  type DocumentBackend,
  DocumentStore,
  type Snapshot,
} from '../../secret-store/document-store.js';
import { ownRecord, ownValue, setOwn } from '../../secret-store/own-record.js';
import { type SecretVersion, STAGES, stagesOf } from '../../secret-store/secret-store.js';
import {
  currentUsername,
  joinPasswords,
  type StagePasswords,
  splitPasswords,
} from '../../secret-store/staged-passwords.js';
import { StoreAuthError, StoreConflictError, StoreUnavailableError } from '../../secret-store/store-errors.js';
import {
  DEFAULT_FIELD,
  DEFAULT_USERNAME_FIELD,
  ForeignFieldError,
  invalidField,
  type KvData,
  META_FIELD,
  mergeStageFields,
  readMeta,
  readStagePasswords,
  stageField,
} from './vault-fields.js';
import { isCasMismatch, type VaultAnswer, type VaultConnection, vaultRequest } from './vault-http.js';
import { vaultPath as encodePath } from './vault-paths.js';

export interface VaultStoreOptions {
  /** Default: VAULT_ADDR. */
  readonly address?: string | undefined;
  /** Default: VAULT_TOKEN. */
  readonly token?: string | undefined;
  /** The KV v2 mount (default `secret`). */
  readonly mount?: string | undefined;
  /** The folder under the mount that holds one secret per account (`dbpass` -> `secret/dbpass/<account id>`). */
  readonly path: string;
  /**
   * The field applications read CURRENT from (default `CURRENT`); PENDING and PREVIOUS sit beside it (`PENDING` and
   * `PREVIOUS` with the default, `<field>.pending` and `<field>.previous` otherwise; see `stageField`).
   */
  readonly field?: string | undefined;
  /**
   * The field applications read CURRENT's user from (default `username`), written only for an account whose versions
   * name their user (the `alternating` strategy); otherwise the field is the application's and left as it is.
   */
  readonly usernameField?: string | undefined;
  readonly checkpoint?: Checkpoint | undefined;
  readonly now?: (() => Date) | undefined;
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

const LOCK_KEY = '.lock';

class VaultBackend implements DocumentBackend {
  readonly description: string;
  readonly lockRegister: CasRegister;

  constructor(
    private readonly connection: VaultConnection,
    private readonly mount: string,
    private readonly folder: string,
    private readonly field: string,
    private readonly usernameField: string,
  ) {
    this.description = connection.description;
    this.lockRegister = {
      read: async () => {
        const { data, revision } = await this.readData(LOCK_KEY);
        const holder = ownValue(data, 'holder');
        return { value: typeof holder === 'string' ? holder : undefined, revision };
      },
      write: (value, revision) => this.writeData(LOCK_KEY, value === undefined ? {} : { holder: value }, revision),
    };
  }

  locationOf(accountId: string): string {
    return accountId;
  }

  /** The latest version's data is kept as the snapshot's `raw`, so that `save` writes back what dbpass does not own. */
  async load(accountId: string): Promise<Snapshot> {
    const { data, revision } = await this.readData(accountId);
    if (!data) return { accounts: ownRecord(), revision };
    const meta = this.metaOf(accountId, data);
    if (!meta) return { accounts: ownRecord(), revision, raw: data };
    const passwords = readStagePasswords(data, this.field, meta);
    return {
      accounts: ownRecord(Object.fromEntries([[accountId, joinPasswords(meta, passwords)]])),
      revision,
      raw: data,
    };
  }

  applicationPassword(snapshot: Snapshot, _accountId: string): string | undefined {
    const value = ownValue(snapshot.raw as KvData | undefined, this.field);
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  applicationUsername(snapshot: Snapshot, _accountId: string): string | undefined {
    const value = ownValue(snapshot.raw as KvData | undefined, this.usernameField);
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  describeLocation(accountId: string): string {
    return `KV ${this.mount}/${this.folder}/${accountId}, field ${this.field}`;
  }

  save(accountId: string, snapshot: Snapshot, accounts: Accounts): Promise<boolean> {
    const versions = ownValue(accounts, accountId) ?? [];
    const { meta, passwords } = splitPasswords(versions);
    const data = this.withStageFields(accountId, snapshot, passwords);
    // The user goes in the same write as the password, so that applications never read one without the other.
    const username = currentUsername(versions);
    if (username !== undefined) setOwn<unknown>(data, this.usernameField, username);
    return this.writeData(accountId, { ...data, [META_FIELD]: JSON.stringify(meta) }, snapshot.revision);
  }

  /** The snapshot's data with the stage fields set to `passwords` (see `mergeStageFields`). */
  private withStageFields(accountId: string, snapshot: Snapshot, passwords: StagePasswords): KvData {
    const keptBefore = stagesOf(ownValue(snapshot.accounts, accountId) ?? []);
    try {
      return mergeStageFields((snapshot.raw as KvData | undefined) ?? {}, this.field, keptBefore, passwords);
    } catch (error) {
      if (!(error instanceof ForeignFieldError)) throw error;
      throw new StoreConflictError(
        `${this.description}: ${accountId}: KV ${this.mount}/${this.folder}/${accountId}: ${error.message}; nothing was written (rename or remove that field)`,
      );
    }
  }

  private metaOf(accountId: string, data: KvData): SecretVersion[] | undefined {
    try {
      return readMeta(data);
    } catch {
      throw new StoreUnavailableError(
        `${this.description}: ${this.describeLocation(accountId)}: field ${META_FIELD} is not dbpass's metadata`,
      );
    }
  }

  async loadAll(): Promise<Accounts> {
    const accounts = ownRecord<Accounts[string]>();
    for (const id of await this.listIds(''))
      for (const [accountId, versions] of Object.entries((await this.load(id)).accounts))
        setOwn(accounts, accountId, versions);
    return accounts;
  }

  private async listIds(prefix: string): Promise<string[]> {
    const answer = await vaultRequest(
      this.connection,
      'LIST',
      `${this.mount}/metadata/${encodePath(`${this.folder}/${prefix}`)}`,
    );
    if (answer.status === 404) return [];
    this.expectOk(answer, 'list');
    const keys = (answer.body?.data?.keys ?? []) as string[];
    const ids: string[] = [];
    for (const key of keys) {
      if (key === LOCK_KEY) continue;
      if (key.endsWith('/')) ids.push(...(await this.listIds(`${prefix}${key}`)));
      else ids.push(`${prefix}${key}`);
    }
    return ids;
  }

  private async readData(
    key: string,
  ): Promise<{ data: Record<string, unknown> | undefined; revision: string | undefined }> {
    const answer = await vaultRequest(
      this.connection,
      'GET',
      `${this.mount}/data/${encodePath(`${this.folder}/${key}`)}`,
    );
    const body = answer.body?.data as
      | { data?: Record<string, unknown> | null; metadata?: { version?: number } }
      | undefined;
    const revision = body?.metadata?.version === undefined ? undefined : String(body.metadata.version);
    if (answer.status === 404) {
      if ((answer.body?.errors ?? []).length > 0) this.expectOk(answer, 'read');
      return { data: undefined, revision };
    }
    this.expectOk(answer, 'read');
    return { data: body?.data ?? undefined, revision };
  }

  /** A KV v2 write with `cas`: 0 creates, N replaces version N; a mismatch means another writer won. */
  private async writeData(key: string, data: Record<string, unknown>, revision: string | undefined): Promise<boolean> {
    const answer = await vaultRequest(
      this.connection,
      'POST',
      `${this.mount}/data/${encodePath(`${this.folder}/${key}`)}`,
      { options: { cas: Number(revision ?? 0) }, data },
    );
    if (isCasMismatch(answer)) return false;
    this.expectOk(answer, 'write');
    return true;
  }

  private expectOk(answer: VaultAnswer, what: string): void {
    if (answer.status >= 200 && answer.status < 300) return;
    throw new StoreUnavailableError(
      `${this.description}: ${what} answered ${answer.status} (${(answer.body?.errors ?? []).join('; ')})`,
    );
  }
}

/**
 * Vault or OpenBao KV v2: one secret per account at `<mount>/<path>/<account id>`, whose latest version holds
 * CURRENT under the field applications read (`field`, default `CURRENT`: `bao kv get -field=CURRENT ...`), PENDING
 * and PREVIOUS beside it, and their metadata under `dbpass`. Every other field of the secret (`username`, `host`)
 * is the application's and is written back unchanged. Every write is a KV `cas` write, so two writers never
 * clobber each other.
 */
export async function openVaultStore(options: VaultStoreOptions): Promise<DocumentStore> {
  const env = options.env ?? process.env;
  const address = (options.address ?? env.VAULT_ADDR ?? '').replace(/\/+$/, '');
  const token = options.token ?? env.VAULT_TOKEN;
  const mount = encodePath(options.mount ?? 'secret');
  const folder = options.path.replace(/^\/+|\/+$/g, '');
  const field = options.field ?? DEFAULT_FIELD;
  const usernameField = options.usernameField ?? DEFAULT_USERNAME_FIELD;
  const description = `vault store ${address || '(no address)'} (${mount}/${folder})`;
  const fieldProblem = invalidField(field);
  if (fieldProblem)
    throw new StoreUnavailableError(`${description}: field ${field} cannot hold CURRENT: ${fieldProblem}`);
  const usernameProblem =
    invalidField(usernameField) ??
    (STAGES.some((stage) => stageField(field, stage) === usernameField) ? 'a password is kept there' : undefined);
  if (usernameProblem)
    throw new StoreUnavailableError(`${description}: field ${usernameField} cannot hold the user: ${usernameProblem}`);
  if (!/^https?:\/\//.test(address))
    throw new StoreUnavailableError(
      `${description}: no server address; set VAULT_ADDR (https://host:8200; http only to 127.0.0.1 or [::1]) or the plan's store.vault.address`,
    );
  if (!token) throw new StoreAuthError(`${description}: no token; set VAULT_TOKEN`);
  const connection: VaultConnection = { address, token, description };
  await vaultRequest(connection, 'GET', 'auth/token/lookup-self');
  const mountInfo = await vaultRequest(connection, 'GET', `sys/internal/ui/mounts/${mount}`);
  const info = mountInfo.body?.data as { type?: string; options?: { version?: string } } | undefined;
  if (mountInfo.status !== 200 || info?.type !== 'kv' || info.options?.version !== '2') {
    throw new StoreUnavailableError(
      `${description}: ${mount} is not a KV version 2 mount (status ${mountInfo.status}, type ${info?.type ?? 'none'})`,
    );
  }
  return new DocumentStore(new VaultBackend(connection, mount, folder, field, usernameField), {
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}
