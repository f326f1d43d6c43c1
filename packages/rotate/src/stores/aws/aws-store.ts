import { randomUUID } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateSecretCommand,
  type CreateSecretCommandOutput,
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  ListSecretsCommand,
  type ListSecretsCommandOutput,
  ListSecretVersionIdsCommand,
  type ListSecretVersionIdsCommandOutput,
  PutSecretValueCommand,
  type PutSecretValueCommandOutput,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
  UpdateSecretVersionStageCommand,
  type UpdateSecretVersionStageCommandOutput,
} from '@aws-sdk/client-secrets-manager';
import { loopbackOnlyLookup, NOT_LOOPBACK_CODE, plaintextRefusal } from '@dbpass/core/guards';
import { type Checkpoint, noCheckpoint } from '../../checkpoint.js';
import { acquireCasLock, breakCasLock, type CasRegister, casLockInfo } from '../../secret-store/cas-lock.js';
import { KeyedQueue } from '../../secret-store/keyed-queue.js';
import { LockFence } from '../../secret-store/lock-fence.js';
import {
  AdoptionConflictError,
  type Holding,
  type LockInfo,
  NotAdoptedError,
  PendingExistsError,
  type SecretStore,
  type SecretVersion,
  type Stage,
  type StoreLock,
  type VerificationEvidence,
  type VersionFields,
  type VersionNote,
} from '../../secret-store/secret-store.js';
import { keepsPrevious, withUsername } from '../../secret-store/store-document.js';
import { StoreConflictError, StoreUnavailableError } from '../../secret-store/store-errors.js';
import { errorName, SecretShapeError, storeError } from './aws-errors.js';
import { accountIdOf, isReservedId, LOCK_ID, metadataSecretName, secretName } from './aws-names.js';
import {
  CLAIM,
  isPlaceholder,
  KEEP_PREVIOUS,
  LABEL,
  type Labels,
  PLACEHOLDER_PREFIX,
  stagedVersions,
  stagesByVersion,
  versionAt,
  versionWith,
} from './aws-stages.js';
import { StagingLabelLock } from './label-lock.js';
import { lockSecret } from './lock-secret.js';
import { isJsonSecret, passwordIn, stringMember, withMember, withPassword } from './secret-text.js';
import {
  formatRecord,
  isLegacyDescription,
  type MetaByVersion,
  type MetadataRecord,
  parseLegacyMeta,
  parseRecord,
  type VersionMeta,
} from './version-meta.js';

export interface AwsStoreOptions {
  /** Prepended to every account id to name its secret (default `dbpass/`). */
  readonly prefix?: string | undefined;
  /** Default: the standard chain (AWS_REGION, the profile). */
  readonly region?: string | undefined;
  /** Default: the SDK's (AWS_ENDPOINT_URL_SECRETS_MANAGER, else AWS). https, or http to loopback only. */
  readonly endpoint?: string | undefined;
  /** In a secret kept as JSON (AWS's database secret format), the key of the password (default `password`). */
  readonly field?: string | undefined;
  /**
   * In a JSON secret, the key of the user the password belongs to (default `username`, AWS's format). Written only
   * for an account that alternates between two users, in the same version as the password.
   */
  readonly usernameField?: string | undefined;
  readonly checkpoint?: Checkpoint | undefined;
  readonly now?: (() => Date) | undefined;
  /** Where credentials and region are read when they are not in process.env (tests, embedding). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Extra client settings (retries, a custom credential provider). */
  readonly client?: SecretsManagerClientConfig | undefined;
}

const PLACEHOLDER_TEXT = 'no password stored yet (dbpass placeholder)';

/** Credentials and passwords go in plaintext only to loopback (the cloud clients' rule); why not here, if not. */
function plaintextProblem(endpoint: string): string | undefined {
  let refusal: string | undefined;
  try {
    refusal = plaintextRefusal(new URL(endpoint), true);
  } catch {
    refusal = `${endpoint} is not a URL`;
  }
  return refusal && `nothing was sent: http is allowed on loopback only, and ${refusal}; use https`;
}

/** An account's secret as one read of it saw it. */
interface SecretState {
  readonly accountId: string;
  readonly name: string;
  readonly arn: string;
  readonly labels: Labels;
  /** The secret's metadata record, when it is bound to this very secret. */
  readonly record: MetadataRecord | undefined;
  /** Written by dbpass before metadata secrets: its Description is dbpass's metadata. */
  readonly legacy: boolean;
  readonly meta: MetaByVersion;
  readonly rotationEnabled: boolean;
  /** The AWS service that manages the secret (RDS for a master user secret), which alone may change it. */
  readonly owningService: string | undefined;
}

/**
 * `managed`: dbpass keeps versions here. `unmanaged`: applications read a password that dbpass has not adopted
 * (never adopted, or written outside dbpass since: AWSCURRENT on a version dbpass has no record of). `empty`: no
 * password (a secret dbpass created whose first version is not written yet).
 */
function ownership(state: SecretState): 'managed' | 'unmanaged' | 'empty' {
  const current = versionWith(state.labels, LABEL.CURRENT);
  if (current !== undefined && !isPlaceholder(current))
    return state.legacy || state.record?.versions[current] !== undefined ? 'managed' : 'unmanaged';
  return state.legacy || stagedVersions(state.labels).size > 0 ? 'managed' : 'empty';
}

/**
 * AWS Secrets Manager with its own staging labels: one secret per account (`<prefix><account id>`), each password a
 * version, AWSPENDING/AWSCURRENT/AWSPREVIOUS as the stages, so an application reading AWSCURRENT needs no change.
 * Compare-and-set comes from UpdateSecretVersionStage: moving a label without RemoveFromVersionId fails while
 * another version has it, and with it fails once the label has moved on.
 *
 * Shapes are kept: a secret whose AWSCURRENT is a JSON object (AWS's database secret format) gets new versions that
 * are that text with only the value at `field` changed, byte for byte otherwise; a plain secret stays plain; a
 * secret dbpass creates is plain.
 *
 * dbpass owns the password value, the stage labels and its own DBPASS_* labels, nothing else of the secret. Its
 * per-version metadata (when a password was applied and promoted, the evidence that proved it) lives in a metadata
 * secret of its own, `<prefix>.meta/<account id>`, a JSON record bound to the account secret's ARN; that record is
 * also what marks the secret as adopted. Chosen over the alternatives because it changes nothing the owner has:
 * a Description or tags would show up as drift to Terraform/CloudFormation (which would then strip the metadata),
 * tags can change tag-based permissions, need TagResource, and hold 256 characters from a restricted set in at most
 * 50 (shared with the owner's); the metadata secret needs no permission beyond the prefix dbpass already has
 * (its cost: one more secret per account, and a version per metadata write, about three per rotation).
 * Binding to the ARN means a secret deleted and made again under the same name is not taken for adopted, and an
 * AWSCURRENT that the record does not know (written outside dbpass) makes the secret unmanaged again: dbpass
 * never rotates over a password it has not adopted. Secrets written by dbpass before this keep their metadata in
 * their Description (`dbpass rotation metadata: ...`); it is read, and moves to the metadata secret on the next write.
 */
export class AwsSecretsManagerStore implements SecretStore {
  private readonly queue = new KeyedQueue();
  private readonly checkpoint: Checkpoint;
  private readonly now: () => Date;
  private readonly prefix: string;
  private readonly field: string;
  private readonly usernameField: string;
  readonly description: string;

  private constructor(
    private readonly client: SecretsManagerClient,
    options: AwsStoreOptions,
  ) {
    this.prefix = options.prefix ?? 'dbpass/';
    this.field = options.field ?? 'password';
    this.usernameField = options.usernameField ?? 'username';
    this.checkpoint = options.checkpoint ?? noCheckpoint;
    this.now = options.now ?? (() => new Date());
    this.description = `aws store ${options.endpoint ?? 'secretsmanager'} (${this.prefix}*)`;
  }

  /** Builds the client from the standard chain and checks the service answers with these credentials. */
  static async open(options: AwsStoreOptions = {}): Promise<AwsSecretsManagerStore> {
    const env = options.env ?? process.env;
    const fromEnv = env !== process.env && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY;
    const region = options.region ?? (env !== process.env ? (env.AWS_REGION ?? env.AWS_DEFAULT_REGION) : undefined);
    const refusal = options.endpoint === undefined ? undefined : plaintextProblem(options.endpoint);
    if (refusal)
      throw new StoreUnavailableError(`aws store ${options.endpoint} (${options.prefix ?? 'dbpass/'}*): ${refusal}`);
    const client = new SecretsManagerClient({
      maxAttempts: 2,
      // Plaintext sockets connect only to addresses checked to be loopback (`localhost` resolving elsewhere fails).
      requestHandler: { httpAgent: { lookup: loopbackOnlyLookup(dnsLookup) } },
      ...(region ? { region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(fromEnv
        ? {
            credentials: {
              accessKeyId: env.AWS_ACCESS_KEY_ID!,
              secretAccessKey: env.AWS_SECRET_ACCESS_KEY!,
              ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
            },
          }
        : {}),
      ...options.client,
    });
    // Wherever the SDK found its endpoint (the plan, the environment, a profile), the last check before the wire.
    client.middlewareStack.add(
      (next) => (args) => {
        const { protocol, hostname, port } = args.request as { protocol?: string; hostname?: string; port?: number };
        const host = hostname?.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname;
        const problem = plaintextProblem(`${protocol}//${host}${port ? `:${port}` : ''}`);
        if (problem) throw Object.assign(new Error(problem), { code: NOT_LOOPBACK_CODE });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'dbpassLoopbackOnly' },
    );
    const store = new AwsSecretsManagerStore(client, options);
    await store.send('check access', new DescribeSecretCommand({ SecretId: store.name(LOCK_ID) }), [
      'ResourceNotFoundException',
    ]);
    return store;
  }

  private readonly fence = new LockFence();

  lock(options: { waitMs?: number; leaseMs?: number } = {}): Promise<StoreLock> {
    return this.fence.hold(() => acquireCasLock(this.lockRegister(), options));
  }

  lockHolder(): Promise<LockInfo | undefined> {
    return casLockInfo(this.lockRegister());
  }

  breakLock(): Promise<LockInfo | undefined> {
    return breakCasLock(this.lockRegister());
  }

  async read(accountId: string, stage: Stage): Promise<SecretVersion | undefined> {
    const state = await this.load(accountId);
    if (!state || ownership(state) !== 'managed') return undefined;
    const versionId = versionAt(state.labels, stage);
    return versionId === undefined ? undefined : this.version(state, versionId);
  }

  async list(): Promise<ReadonlyMap<string, readonly SecretVersion[]>> {
    const result = new Map<string, SecretVersion[]>();
    let NextToken: string | undefined;
    do {
      const page = await this.send<ListSecretsCommandOutput>(
        'list secrets',
        new ListSecretsCommand({
          ...(this.prefix ? { Filters: [{ Key: 'name', Values: [this.prefix] }] } : {}),
          ...(NextToken ? { NextToken } : {}),
        }),
        [],
      );
      for (const secret of page?.SecretList ?? []) {
        const accountId = secret.Name ? accountIdOf(this.prefix, secret.Name) : undefined;
        if (!accountId || isReservedId(accountId) || !secret.ARN) continue;
        const [versions, record] = await Promise.all([
          this.send<ListSecretVersionIdsCommandOutput>(
            `list versions of ${accountId}`,
            new ListSecretVersionIdsCommand({ SecretId: secret.Name }),
            ['ResourceNotFoundException'],
          ),
          this.readRecord(accountId),
        ]);
        const labels = Object.fromEntries(
          (versions?.Versions ?? []).map((version) => [version.VersionId!, version.VersionStages ?? []]),
        );
        const state = this.stateOf(accountId, { ...secret, ARN: secret.ARN }, labels, record);
        if (ownership(state) === 'unmanaged') continue;
        const stages = stagesByVersion(labels);
        const staged = (versions?.Versions ?? [])
          .map(
            (version): SecretVersion => ({
              versionId: version.VersionId!,
              stages: stages.get(version.VersionId!) ?? [],
              createdAt: (version.CreatedDate ?? this.now()).toISOString(),
              ...state.meta[version.VersionId!],
            }),
          )
          .filter((version) => version.stages.length > 0)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
        result.set(accountId, staged);
      }
      NextToken = page?.NextToken;
    } while (NextToken);
    return result;
  }

  async inspect(accountId: string): Promise<Holding> {
    const state = await this.load(accountId);
    const owned = state ? ownership(state) : 'empty';
    if (owned === 'managed') return { state: 'managed' };
    if (owned === 'empty') return { state: 'absent' };
    const { SecretString } = await this.versionText(state!, versionWith(state!.labels, LABEL.CURRENT)!);
    const password = this.passwordOf(accountId, SecretString);
    const username = stringMember(SecretString!, this.usernameField);
    return { state: 'unmanaged', password, ...(username === undefined ? {} : { username }) };
  }

  /**
   * In place: the version applications read keeps its id and every byte; only the metadata record is written. An
   * absent secret is created (plain) with `versionId` as its first version.
   */
  adopt(
    accountId: string,
    password: string,
    versionId: string,
    evidence: VerificationEvidence,
    fields: VersionFields = {},
  ): Promise<SecretVersion> {
    return this.queue.run(accountId, async () => {
      this.fence.check(`${this.description}: ${accountId}`);
      const meta: VersionMeta = { promotedAt: this.now().toISOString(), evidence: { ...evidence, adopted: true } };
      for (let attempt = 0; attempt < 3; attempt++) {
        const state = await this.load(accountId);
        if (!state) {
          const created = await this.createAdopted(accountId, password, versionId, meta, fields);
          if (created) return created;
          continue;
        }
        const owned = ownership(state);
        if (owned === 'managed')
          throw new AdoptionConflictError(`${accountId}: dbpass already manages this account; nothing was adopted`);
        return owned === 'unmanaged'
          ? this.adoptInPlace(state, password, meta, fields)
          : this.adoptIntoEmpty(state, password, versionId, meta, fields);
      }
      throw new StoreConflictError(`${this.description}: ${accountId}: the secret kept changing while adopting it`);
    });
  }

  /** Undefined when another writer created the secret first. */
  private async createAdopted(
    accountId: string,
    password: string,
    versionId: string,
    meta: VersionMeta,
    fields: VersionFields,
  ): Promise<SecretVersion | undefined> {
    const name = this.name(accountId);
    const created = await this.send<CreateSecretCommandOutput>(
      `create ${accountId}`,
      new CreateSecretCommand({
        Name: name,
        ClientRequestToken: versionId,
        SecretString: this.newText(password, fields),
        Description: this.ownDescription(accountId),
      }),
      ['ResourceExistsException'],
    );
    if (!created?.ARN) return undefined;
    await this.writeRecord(this.stateOf(accountId, { ARN: created.ARN }, {}, undefined), { [versionId]: meta }, [
      versionId,
    ]);
    return {
      versionId,
      ...withUsername(fields),
      password,
      stages: ['CURRENT'],
      createdAt: this.now().toISOString(),
      ...meta,
    };
  }

  private async adoptInPlace(
    state: SecretState,
    password: string,
    meta: VersionMeta,
    fields: VersionFields,
  ): Promise<SecretVersion> {
    const { accountId, name, labels } = state;
    if (state.owningService)
      throw new AdoptionConflictError(
        `${accountId}: secret ${name} is managed by ${state.owningService}, which rotates it; nothing was adopted`,
      );
    if (state.rotationEnabled)
      throw new AdoptionConflictError(
        `${accountId}: AWS rotates secret ${name} itself (its rotation is enabled); turn that off first (cancel-rotate-secret), or two rotations would change the same password; nothing was adopted`,
      );
    const current = versionWith(labels, LABEL.CURRENT)!;
    const pending = versionWith(labels, LABEL.PENDING);
    if (pending !== undefined && pending !== current && !isPlaceholder(pending))
      throw new AdoptionConflictError(
        `${accountId}: a rotation outside dbpass is under way on secret ${name} (AWSPENDING is on a version of its own); let it finish first; nothing was adopted`,
      );
    const value = await this.versionText(state, current);
    if (this.passwordOf(accountId, value.SecretString) !== password)
      throw new AdoptionConflictError(
        `${accountId}: secret ${name} holds a different password than the one given; nothing was adopted`,
      );
    const username = stringMember(value.SecretString!, this.usernameField);
    if (fields.username !== undefined && username !== undefined && username !== fields.username)
      throw new AdoptionConflictError(
        `${accountId}: secret ${name} names user ${username}, not ${fields.username}; nothing was adopted`,
      );
    await this.writeRecord(state, { ...state.meta, [current]: meta }, [current]);
    return {
      versionId: current,
      ...withUsername({ username: username ?? fields.username }),
      password,
      stages: ['CURRENT'],
      createdAt: (value.CreatedDate ?? this.now()).toISOString(),
      ...meta,
    };
  }

  /** A secret dbpass created that holds no password yet: the adopted one becomes its AWSCURRENT. */
  private async adoptIntoEmpty(
    state: SecretState,
    password: string,
    versionId: string,
    meta: VersionMeta,
    fields: VersionFields,
  ): Promise<SecretVersion> {
    await this.putClaimed(state.name, versionId, this.newText(password, fields), `write ${state.accountId}`);
    await this.writeRecord(state, { ...state.meta, [versionId]: meta }, [versionId]);
    const moved = await this.moveLabel(state.name, LABEL.CURRENT, versionId, versionWith(state.labels, LABEL.CURRENT));
    await this.unclaim(state.name, versionId);
    if (!moved)
      throw new StoreConflictError(
        `${this.description}: ${state.accountId}: AWSCURRENT moved while adopting; not adopted`,
      );
    return {
      versionId,
      ...withUsername(fields),
      password,
      stages: ['CURRENT'],
      createdAt: this.now().toISOString(),
      ...meta,
    };
  }

  putPending(
    accountId: string,
    password: string,
    versionId: string,
    fields: VersionFields = {},
  ): Promise<SecretVersion> {
    return this.queue.run(accountId, async () => {
      this.fence.check(`${this.description}: ${accountId}`);
      const SecretId = this.name(accountId);
      const state = await this.writable(accountId);
      const text = state ? await this.pendingText(state, password, fields) : this.newText(password, fields);
      const parked = await this.parkedPending(accountId);
      // Absent a moment ago: made by dbpass just now unless someone else made it first.
      if (!state) await this.writable(accountId);
      await this.putClaimed(SecretId, versionId, text, `write ${accountId}`);
      this.checkpoint('store:temp-written');
      const moved = await this.moveLabel(SecretId, LABEL.PENDING, versionId, parked);
      await this.unclaim(SecretId, versionId);
      if (!moved) throw new PendingExistsError(accountId);
      this.checkpoint('store:renamed');
      return { versionId, ...withUsername(fields), password, stages: ['PENDING'], createdAt: this.now().toISOString() };
    });
  }

  /** The account's secret, refused when it holds a password dbpass has not adopted; an interrupted promotion settled. */
  private async writable(accountId: string): Promise<SecretState | undefined> {
    const state = await this.load(accountId);
    if (!state) return undefined;
    if (ownership(state) === 'unmanaged') throw new NotAdoptedError(accountId, `secret ${state.name}`);
    return { ...state, labels: await this.settlePrevious(state.name, state.labels) };
  }

  /**
   * The new version's text: AWSCURRENT's with only the password (and the user, when the version names one) changed,
   * its shape kept; else a new text.
   */
  private async pendingText(state: SecretState, password: string, fields: VersionFields): Promise<string> {
    const current = versionWith(state.labels, LABEL.CURRENT);
    if (current === undefined || isPlaceholder(current)) return this.newText(password, fields);
    const { SecretString } = await this.versionText(state, current);
    this.passwordOf(state.accountId, SecretString);
    const text = withPassword(SecretString!, this.field, password);
    if (fields.username === undefined) return text;
    if (!isJsonSecret(text))
      throw new SecretShapeError(
        `${this.description}: ${state.accountId}: secret ${state.name} holds a plain password, so it cannot name the user too; keep it as JSON ({"${this.usernameField}": ..., "${this.field}": ...}) for an account that alternates between two users; nothing was written`,
      );
    return withMember(text, this.usernameField, fields.username);
  }

  /** The text of a secret's first password: the password alone, or AWS's JSON when the version names its user. */
  private newText(password: string, fields: VersionFields): string {
    return fields.username === undefined
      ? password
      : JSON.stringify({ [this.usernameField]: fields.username, [this.field]: password });
  }

  /**
   * The version AWSPENDING is parked on; PendingExistsError when it is on a version of its own (a rotation is under
   * way). Parked means on AWSCURRENT's version or on a placeholder (which holds no password).
   */
  private async parkedPending(accountId: string): Promise<string> {
    const pending = await this.labelledVersion(
      this.name(accountId),
      LABEL.PENDING,
      accountId,
      this.ownDescription(accountId),
    );
    if (!(pending.VersionStages ?? []).includes(LABEL.CURRENT) && !isPlaceholder(pending.VersionId!))
      throw new PendingExistsError(accountId);
    return pending.VersionId!;
  }

  /**
   * The version that has `label`, making sure one has. A new secret starts with a placeholder version: CreateSecret
   * is atomic, AWS gives a first version AWSCURRENT, and only the writer whose create succeeded attaches `label` to
   * it, so racing writers never both attach a label (moto, unlike AWS, lets a label land on two versions when a
   * move names no RemoveFromVersionId). An existing secret gets `label` parked on its AWSCURRENT version.
   */
  private async labelledVersion(
    SecretId: string,
    label: string,
    what: string,
    Description: string,
  ): Promise<GetSecretValueCommandOutput> {
    for (let attempt = 0; attempt < 40; attempt++) {
      const labelled = await this.send<GetSecretValueCommandOutput>(
        `read ${what} ${label}`,
        new GetSecretValueCommand({ SecretId, VersionStage: label }),
        ['ResourceNotFoundException'],
      );
      if (labelled?.VersionId) return labelled;
      const described = await this.send<DescribeSecretCommandOutput>(
        `describe ${what}`,
        new DescribeSecretCommand({ SecretId }),
        ['ResourceNotFoundException'],
      );
      const labels: Labels = described?.VersionIdsToStages ?? {};
      const current = versionWith(labels, LABEL.CURRENT);
      if (!described || !current) {
        const token = `${PLACEHOLDER_PREFIX}${randomUUID()}`;
        const created = described
          ? await this.putClaimed(SecretId, token, PLACEHOLDER_TEXT, `create ${what}`)
          : await this.send<CreateSecretCommandOutput>(
              `create ${what}`,
              new CreateSecretCommand({
                Name: SecretId,
                ClientRequestToken: token,
                SecretString: PLACEHOLDER_TEXT,
                Description,
              }),
              ['ResourceExistsException'],
            );
        if (created) await this.moveLabel(SecretId, label, token, undefined);
        continue;
      }
      if (versionWith(labels, label) !== undefined) continue;
      // A placeholder without the label: its creator is about to attach it (or was killed first: then park it here).
      if (isPlaceholder(current) && attempt < 20) {
        await sleep(100);
        continue;
      }
      await this.moveLabel(SecretId, label, current, undefined);
    }
    throw new StoreConflictError(`${this.description}: ${what}: ${label} kept moving; gave up`);
  }

  /**
   * Moves `label` from version `from` to `to`: false once the label is no longer on `from`. Without `from`, attaches
   * it: false while another version has it.
   */
  private async moveLabel(SecretId: string, label: string, to: string, from: string | undefined): Promise<boolean> {
    const moved = await this.send<UpdateSecretVersionStageCommandOutput>(
      `move ${label}`,
      new UpdateSecretVersionStageCommand({
        SecretId,
        VersionStage: label,
        MoveToVersionId: to,
        ...(from === undefined ? {} : { RemoveFromVersionId: from }),
      }),
      ['InvalidParameterException'],
    );
    return moved !== undefined;
  }

  private async putClaimed(SecretId: string, versionId: string, text: string, action: string) {
    return this.send<PutSecretValueCommandOutput>(
      action,
      new PutSecretValueCommand({
        SecretId,
        ClientRequestToken: versionId,
        SecretString: text,
        VersionStages: [CLAIM],
      }),
      [],
    );
  }

  private async unclaim(SecretId: string, versionId: string): Promise<void> {
    await this.send<UpdateSecretVersionStageCommandOutput>(
      'unclaim',
      new UpdateSecretVersionStageCommand({ SecretId, VersionStage: CLAIM, RemoveFromVersionId: versionId }),
      ['InvalidParameterException'],
    );
  }

  note(accountId: string, versionId: string, note: VersionNote): Promise<void> {
    return this.queue.run(accountId, async () => {
      this.fence.check(`${this.description}: ${accountId}`);
      const state = await this.pendingState(accountId, versionId);
      await this.writeRecord(state, { ...state.meta, [versionId]: { ...state.meta[versionId], ...note } });
    });
  }

  /**
   * Moving AWSCURRENT makes AWS move AWSPREVIOUS onto the version AWSCURRENT left. When PREVIOUS is to stay
   * (`keepsPrevious`), its version is marked KEEP_PREVIOUS first and AWSPREVIOUS is moved back after; a run killed
   * in between leaves the mark, which reads as PREVIOUS and is settled by the next write.
   */
  promote(accountId: string, versionId: string, evidence: VerificationEvidence): Promise<void> {
    return this.queue.run(accountId, async () => {
      this.fence.check(`${this.description}: ${accountId}`);
      const state = await this.pendingState(accountId, versionId);
      const { name, labels } = state;
      const current = versionWith(labels, LABEL.CURRENT);
      const previous = versionAt(labels, 'PREVIOUS');
      const oldCurrent =
        current === undefined || isPlaceholder(current)
          ? undefined
          : { versionId: current, stages: ['CURRENT' as const], createdAt: '', ...state.meta[current] };
      const keep = keepsPrevious(oldCurrent, previous !== undefined);
      await this.writeRecord(state, {
        ...state.meta,
        [versionId]: { ...state.meta[versionId], promotedAt: this.now().toISOString(), evidence },
      });
      this.checkpoint('store:temp-written');
      if (keep) await this.moveLabel(name, KEEP_PREVIOUS, previous!, undefined);
      const moved = current ? await this.moveLabel(name, LABEL.CURRENT, versionId, current) : false;
      if (!moved)
        throw new StoreConflictError(
          `${this.description}: ${accountId}: AWSCURRENT moved while version ${versionId} was being promoted; not promoted`,
        );
      // AWSPENDING stays on the new AWSCURRENT version: parked, as AWS's own rotation functions leave it.
      this.checkpoint('store:renamed');
      if (keep) await this.settlePrevious(name, await this.labelsOf(name));
    });
  }

  /** Finishes keeping PREVIOUS: AWSPREVIOUS back on the marked version, then the mark removed. */
  private async settlePrevious(SecretId: string, labels: Labels): Promise<Labels> {
    const keeper = versionWith(labels, KEEP_PREVIOUS);
    if (keeper === undefined) return labels;
    const holder = versionWith(labels, LABEL.PREVIOUS);
    if (holder !== keeper && !(await this.moveLabel(SecretId, LABEL.PREVIOUS, keeper, holder)))
      throw new StoreConflictError(`${this.description}: ${SecretId}: AWSPREVIOUS moved while it was being restored`);
    await this.send<UpdateSecretVersionStageCommandOutput>(
      `unmark ${KEEP_PREVIOUS}`,
      new UpdateSecretVersionStageCommand({ SecretId, VersionStage: KEEP_PREVIOUS, RemoveFromVersionId: keeper }),
      ['InvalidParameterException'],
    );
    return this.labelsOf(SecretId);
  }

  private name(accountId: string): string {
    return secretName(this.prefix, accountId);
  }

  private ownDescription(accountId: string): string {
    return `Database password rotated by dbpass; its rotation metadata is in ${metadataSecretName(this.prefix, accountId)}`;
  }

  private async labelsOf(SecretId: string): Promise<Labels> {
    const described = await this.send<DescribeSecretCommandOutput>(
      `describe ${SecretId}`,
      new DescribeSecretCommand({ SecretId }),
      [],
    );
    return described?.VersionIdsToStages ?? {};
  }

  /** The account's secret and its metadata; undefined when there is no secret. */
  private async load(accountId: string): Promise<SecretState | undefined> {
    const [described, record] = await Promise.all([
      this.send<DescribeSecretCommandOutput>(
        `describe ${accountId}`,
        new DescribeSecretCommand({ SecretId: this.name(accountId) }),
        ['ResourceNotFoundException'],
      ),
      this.readRecord(accountId),
    ]);
    if (!described?.ARN) return undefined;
    if (described.DeletedDate)
      throw new StoreConflictError(
        `${this.description}: ${accountId}: secret ${described.Name} is scheduled for deletion; restore it, or let the deletion finish`,
      );
    return this.stateOf(accountId, { ...described, ARN: described.ARN }, described.VersionIdsToStages ?? {}, record);
  }

  private stateOf(
    accountId: string,
    secret: {
      readonly ARN: string;
      readonly Description?: string | undefined;
      readonly RotationEnabled?: boolean | undefined;
      readonly OwningService?: string | undefined;
    },
    labels: Labels,
    record: MetadataRecord | undefined,
  ): SecretState {
    const bound = record?.secretArn === secret.ARN ? record : undefined;
    return {
      accountId,
      name: this.name(accountId),
      arn: secret.ARN,
      labels,
      record: bound,
      legacy: isLegacyDescription(secret.Description),
      meta: bound?.versions ?? parseLegacyMeta(secret.Description),
      rotationEnabled: secret.RotationEnabled === true,
      owningService: secret.OwningService,
    };
  }

  private async readRecord(accountId: string): Promise<MetadataRecord | undefined> {
    const value = await this.send<GetSecretValueCommandOutput>(
      `read the metadata of ${accountId}`,
      new GetSecretValueCommand({ SecretId: metadataSecretName(this.prefix, accountId), VersionStage: 'AWSCURRENT' }),
      ['ResourceNotFoundException'],
    );
    return parseRecord(value?.SecretString);
  }

  /** Writes the metadata record, keeping the versions that have a stage (and `also`). */
  private async writeRecord(state: SecretState, meta: MetaByVersion, also: readonly string[] = []): Promise<void> {
    const SecretId = metadataSecretName(this.prefix, state.accountId);
    const SecretString = formatRecord(state.arn, meta, new Set([...stagedVersions(state.labels), ...also]));
    const action = `write the metadata of ${state.accountId}`;
    const put = () =>
      this.send<PutSecretValueCommandOutput>(action, new PutSecretValueCommand({ SecretId, SecretString }), [
        'ResourceNotFoundException',
      ]);
    if (await put()) return;
    const created = await this.send<CreateSecretCommandOutput>(
      action,
      new CreateSecretCommand({
        Name: SecretId,
        SecretString,
        Description: `dbpass's rotation metadata of secret ${state.name} (no password; applications do not read it)`,
      }),
      ['ResourceExistsException'],
    );
    if (!created && !(await put()))
      throw new StoreConflictError(`${this.description}: ${action}: the metadata secret came and went`);
  }

  private versionText(state: SecretState, versionId: string): Promise<GetSecretValueCommandOutput> {
    return this.send<GetSecretValueCommandOutput>(
      `read ${state.accountId}`,
      new GetSecretValueCommand({ SecretId: state.name, VersionId: versionId }),
      [],
    ) as Promise<GetSecretValueCommandOutput>;
  }

  private async version(state: SecretState, versionId: string): Promise<SecretVersion> {
    const value = await this.versionText(state, versionId);
    return {
      versionId,
      ...withUsername({ username: stringMember(value.SecretString ?? '', this.usernameField) }),
      password: this.passwordOf(state.accountId, value.SecretString),
      stages: stagesByVersion(state.labels).get(versionId) ?? [],
      createdAt: (value.CreatedDate ?? this.now()).toISOString(),
      ...state.meta[versionId],
    };
  }

  /** The password in a version's text; SecretShapeError (naming no value) when there is none to take. */
  private passwordOf(accountId: string, text: string | undefined): string {
    const password = text === undefined ? undefined : passwordIn(text, this.field);
    if (password !== undefined) return password;
    const problem =
      text === undefined
        ? 'holds binary data, not a password'
        : `is a JSON object without a string at "${this.field}" (store.aws.field names the key of the password)`;
    throw new SecretShapeError(`${this.description}: ${accountId}: secret ${this.name(accountId)} ${problem}`);
  }

  /** The account's secret, after checking `versionId` is its PENDING version (an interrupted promotion settled). */
  private async pendingState(accountId: string, versionId: string): Promise<SecretState> {
    const state = await this.load(accountId);
    const labels = state && ownership(state) === 'managed' ? await this.settlePrevious(state.name, state.labels) : {};
    if (!state || !stagesByVersion(labels).get(versionId)?.includes('PENDING'))
      throw new Error(`${accountId}: version ${versionId} is not PENDING`);
    return { ...state, labels };
  }

  /** The run lock: the staging labels of the secret `<prefix>.lock` (see `StagingLabelLock`). */
  private lockRegister(): CasRegister {
    const SecretId = this.name(LOCK_ID);
    const where = `${this.description}: lock secret ${SecretId}`;
    return new StagingLabelLock(
      lockSecret(SecretId, (action, command, expected) => this.send(action, command, expected), where),
      where,
    );
  }

  /** Sends a command; an error named in `expected` resolves to undefined, any other becomes a typed store error. */
  private async send<Output>(
    action: string,
    command: { readonly input: unknown } & object,
    expected: readonly string[],
  ): Promise<Output | undefined>;
  private async send(action: string, command: object, expected: readonly string[]): Promise<unknown> {
    try {
      return await this.client.send(command as never);
    } catch (error) {
      if (expected.includes(errorName(error) ?? '')) return undefined;
      throw storeError(this.description, action, error);
    }
  }
}
