import { randomUUID } from 'node:crypto';
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
  UpdateSecretCommand,
  type UpdateSecretCommandOutput,
  UpdateSecretVersionStageCommand,
  type UpdateSecretVersionStageCommandOutput,
} from '@aws-sdk/client-secrets-manager';
import { type Checkpoint, noCheckpoint } from '../../checkpoint.js';
import { acquireCasLock, type CasRegister } from '../../store/cas-lock.js';
import { KeyedQueue } from '../../store/keyed-queue.js';
import {
  PendingExistsError,
  type SecretStore,
  type SecretVersion,
  type Stage,
  type StoreLock,
  type VerificationEvidence,
  type VersionNote,
} from '../../store/secret-store.js';
import { StoreConflictError } from '../../store/store-errors.js';
import { errorName, storeError } from './aws-errors.js';
import { accountIdOf, secretName } from './aws-names.js';
import { formatMeta, type MetaByVersion, parseMeta } from './version-meta.js';

export interface AwsStoreOptions {
  /** Prepended to every account id to name its secret (default `dbpass/`). */
  readonly prefix?: string;
  /** Default: the standard chain (AWS_REGION, the profile). */
  readonly region?: string;
  /** Default: the SDK's (AWS_ENDPOINT_URL_SECRETS_MANAGER, else AWS). */
  readonly endpoint?: string;
  /** In a secret kept as JSON (AWS's database secret format), the key of the password (default `password`). */
  readonly field?: string;
  readonly checkpoint?: Checkpoint;
  readonly now?: () => Date;
  /** Where credentials and region are read when they are not in process.env (tests, embedding). */
  readonly env?: NodeJS.ProcessEnv;
  /** Extra client settings (retries, a custom credential provider). */
  readonly client?: SecretsManagerClientConfig;
}

const LABEL: Record<Stage, string> = { CURRENT: 'AWSCURRENT', PENDING: 'AWSPENDING', PREVIOUS: 'AWSPREVIOUS' };
const STAGE_OF: Record<string, Stage> = { AWSCURRENT: 'CURRENT', AWSPENDING: 'PENDING', AWSPREVIOUS: 'PREVIOUS' };
/** Holds a new version between its write and AWSPENDING's compare-and-set move onto it. */
const CLAIM = 'DBPASS_CLAIM';
/**
 * Version ids of versions without a password: the first version of a secret dbpass creates (AWS gives it AWSCURRENT)
 * and the lock's "no run holds it" versions.
 */
const PLACEHOLDER_PREFIX = 'dbpass-placeholder-';
const PLACEHOLDER_TEXT = 'no password stored yet (dbpass placeholder)';
const HOLDER = 'DBPASS_HOLDER';
const LOCK_NAME = '.lock';

/** Stages of a version as the protocol sees them: AWSPENDING left on the CURRENT version means rotation finished. */
function stagesOf(labels: readonly string[] | undefined, versionId?: string): Stage[] {
  if (versionId?.startsWith(PLACEHOLDER_PREFIX)) return [];
  const stages = (labels ?? []).flatMap((label) => (STAGE_OF[label] ? [STAGE_OF[label]] : []));
  return stages.includes('CURRENT') ? stages.filter((stage) => stage !== 'PENDING') : stages;
}

/**
 * AWS Secrets Manager with its own staging labels: one secret per account (`<prefix><account id>`), each password a
 * version whose id is the ClientRequestToken, AWSPENDING/AWSCURRENT/AWSPREVIOUS as the stages, so an application
 * reading AWSCURRENT needs no change. Compare-and-set comes from UpdateSecretVersionStage: moving a label without
 * RemoveFromVersionId fails while another version has it, and with it fails once the label has moved on.
 */
export class AwsSecretsManagerStore implements SecretStore {
  private readonly queue = new KeyedQueue();
  private readonly checkpoint: Checkpoint;
  private readonly now: () => Date;
  private readonly prefix: string;
  readonly description: string;

  private constructor(
    private readonly client: SecretsManagerClient,
    options: AwsStoreOptions,
  ) {
    this.prefix = options.prefix ?? 'dbpass/';
    this.checkpoint = options.checkpoint ?? noCheckpoint;
    this.now = options.now ?? (() => new Date());
    this.description = `aws store ${options.endpoint ?? 'secretsmanager'} (${this.prefix}*)`;
  }

  /** Builds the client from the standard chain and checks the service answers with these credentials. */
  static async open(options: AwsStoreOptions = {}): Promise<AwsSecretsManagerStore> {
    const env = options.env ?? process.env;
    const fromEnv = env !== process.env && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY;
    const region = options.region ?? (env !== process.env ? (env.AWS_REGION ?? env.AWS_DEFAULT_REGION) : undefined);
    const client = new SecretsManagerClient({
      maxAttempts: 2,
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
    const store = new AwsSecretsManagerStore(client, options);
    await store.send('check access', new DescribeSecretCommand({ SecretId: store.name(LOCK_NAME) }), [
      'ResourceNotFoundException',
    ]);
    return store;
  }

  lock(options: { waitMs?: number } = {}): Promise<StoreLock> {
    return acquireCasLock(this.lockRegister(), options);
  }

  async read(accountId: string, stage: Stage): Promise<SecretVersion | undefined> {
    const SecretId = this.name(accountId);
    const value = await this.send<GetSecretValueCommandOutput>(
      `read ${accountId} ${LABEL[stage]}`,
      new GetSecretValueCommand({ SecretId, VersionStage: LABEL[stage] }),
      ['ResourceNotFoundException'],
    );
    if (!value?.VersionId) return undefined;
    const stages = stagesOf(value.VersionStages, value.VersionId);
    if (!stages.includes(stage)) return undefined;
    const meta = parseMeta((await this.describe(accountId))?.Description)[value.VersionId] ?? {};
    return {
      versionId: value.VersionId,
      ...(value.SecretString === undefined ? {} : { password: value.SecretString }),
      stages,
      createdAt: (value.CreatedDate ?? this.now()).toISOString(),
      ...meta,
    };
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
        if (!accountId || accountId === LOCK_NAME) continue;
        const meta = parseMeta(secret.Description);
        const versions = await this.send<ListSecretVersionIdsCommandOutput>(
          `list versions of ${accountId}`,
          new ListSecretVersionIdsCommand({ SecretId: secret.Name }),
          ['ResourceNotFoundException'],
        );
        const staged = (versions?.Versions ?? [])
          .map((version) => ({
            versionId: version.VersionId!,
            stages: stagesOf(version.VersionStages, version.VersionId),
            createdAt: (version.CreatedDate ?? this.now()).toISOString(),
            ...meta[version.VersionId!],
          }))
          .filter((version) => version.stages.length > 0)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
        result.set(accountId, staged);
      }
      NextToken = page?.NextToken;
    } while (NextToken);
    return result;
  }

  putPending(accountId: string, password: string, versionId: string): Promise<SecretVersion> {
    return this.queue.run(accountId, async () => {
      const SecretId = this.name(accountId);
      const parked = await this.parkedPending(accountId);
      const put = new PutSecretValueCommand({
        SecretId,
        ClientRequestToken: versionId,
        SecretString: password,
        VersionStages: [CLAIM],
      });
      await this.send<PutSecretValueCommandOutput>(`write ${accountId}`, put, []);
      this.checkpoint('store:temp-written');
      const moved = await this.moveLabel(SecretId, LABEL.PENDING, versionId, parked);
      await this.send<UpdateSecretVersionStageCommandOutput>(
        `unclaim ${accountId}`,
        new UpdateSecretVersionStageCommand({ SecretId, VersionStage: CLAIM, RemoveFromVersionId: versionId }),
        ['InvalidParameterException'],
      );
      if (!moved) throw new PendingExistsError(accountId);
      this.checkpoint('store:renamed');
      return { versionId, password, stages: ['PENDING'], createdAt: this.now().toISOString() };
    });
  }

  /** The version AWSPENDING is parked on; PendingExistsError when it is on a version of its own (a rotation is under way). */
  private async parkedPending(accountId: string): Promise<string> {
    const pending = await this.labelledVersion(this.name(accountId), LABEL.PENDING, accountId);
    if (!(pending.VersionStages ?? []).includes(LABEL.CURRENT)) throw new PendingExistsError(accountId);
    return pending.VersionId!;
  }

  /**
   * The version that has `label`, making sure one has. A new secret starts with a placeholder version: CreateSecret
   * is atomic, AWS gives a first version AWSCURRENT, and only the writer whose create succeeded attaches `label` to
   * it, so racing writers never both attach a label (moto, unlike AWS, lets a label land on two versions when a
   * move names no RemoveFromVersionId). A secret made outside dbpass gets `label` parked on its AWSCURRENT version.
   */
  private async labelledVersion(SecretId: string, label: string, what: string): Promise<GetSecretValueCommandOutput> {
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
      const entries = Object.entries(described?.VersionIdsToStages ?? {});
      const current = entries.find(([, stages]) => stages.includes(LABEL.CURRENT))?.[0];
      if (!described || !current) {
        const token = `${PLACEHOLDER_PREFIX}${randomUUID()}`;
        const created = described
          ? await this.send<PutSecretValueCommandOutput>(
              `create ${what}`,
              new PutSecretValueCommand({
                SecretId,
                ClientRequestToken: token,
                SecretString: PLACEHOLDER_TEXT,
                VersionStages: [CLAIM],
              }),
              [],
            )
          : await this.send<CreateSecretCommandOutput>(
              `create ${what}`,
              new CreateSecretCommand({
                Name: SecretId,
                ClientRequestToken: token,
                SecretString: PLACEHOLDER_TEXT,
                Description: formatMeta({}, []),
              }),
              ['ResourceExistsException'],
            );
        if (created) await this.attach(SecretId, label, token);
        continue;
      }
      if (entries.some(([, stages]) => stages.includes(label))) continue;
      // A placeholder without the label: its creator is about to attach it (or was killed first: then park it here).
      if (current.startsWith(PLACEHOLDER_PREFIX) && attempt < 20) {
        await sleep(100);
        continue;
      }
      await this.attach(SecretId, label, current);
    }
    throw new StoreConflictError(`${this.description}: ${what}: ${label} kept moving; gave up`);
  }

  private async attach(SecretId: string, label: string, versionId: string): Promise<void> {
    await this.send<UpdateSecretVersionStageCommandOutput>(
      `attach ${label}`,
      new UpdateSecretVersionStageCommand({ SecretId, VersionStage: label, MoveToVersionId: versionId }),
      ['InvalidParameterException'],
    );
  }

  /** Moves `label` from version `from` to `to`: fails (false) once the label is no longer on `from`. */
  private async moveLabel(SecretId: string, label: string, to: string, from: string): Promise<boolean> {
    const moved = await this.send<UpdateSecretVersionStageCommandOutput>(
      `move ${label}`,
      new UpdateSecretVersionStageCommand({
        SecretId,
        VersionStage: label,
        MoveToVersionId: to,
        RemoveFromVersionId: from,
      }),
      ['InvalidParameterException'],
    );
    return moved !== undefined;
  }

  note(accountId: string, versionId: string, note: VersionNote): Promise<void> {
    return this.queue.run(accountId, async () => {
      const secret = await this.pendingSecret(accountId, versionId);
      await this.writeMeta(
        accountId,
        { ...secret.meta, [versionId]: { ...secret.meta[versionId], ...note } },
        secret.staged,
      );
    });
  }

  promote(accountId: string, versionId: string, evidence: VerificationEvidence): Promise<void> {
    return this.queue.run(accountId, async () => {
      const SecretId = this.name(accountId);
      const secret = await this.pendingSecret(accountId, versionId);
      const current = Object.entries(secret.stages).find(([, labels]) => labels.includes(LABEL.CURRENT))?.[0];
      const meta = {
        ...secret.meta,
        [versionId]: { ...secret.meta[versionId], promotedAt: this.now().toISOString(), evidence },
      };
      await this.writeMeta(accountId, meta, [versionId, ...(current ? [current] : [])]);
      this.checkpoint('store:temp-written');
      const moved = current ? await this.moveLabel(SecretId, LABEL.CURRENT, versionId, current) : false;
      if (!moved)
        throw new StoreConflictError(
          `${this.description}: ${accountId}: AWSCURRENT moved while version ${versionId} was being promoted; not promoted`,
        );
      // AWSPENDING stays on the new AWSCURRENT version: parked, as AWS's own rotation functions leave it.
      this.checkpoint('store:renamed');
    });
  }

  private name(accountId: string): string {
    return secretName(this.prefix, accountId);
  }

  private describe(accountId: string) {
    return this.send<DescribeSecretCommandOutput>(
      `describe ${accountId}`,
      new DescribeSecretCommand({ SecretId: this.name(accountId) }),
      ['ResourceNotFoundException'],
    );
  }

  /** The secret's labels and metadata, after checking `versionId` is its PENDING version. */
  private async pendingSecret(
    accountId: string,
    versionId: string,
  ): Promise<{ stages: Record<string, string[]>; meta: MetaByVersion; staged: string[] }> {
    const described = await this.describe(accountId);
    const stages = described?.VersionIdsToStages ?? {};
    if (!stagesOf(stages[versionId], versionId).includes('PENDING'))
      throw new Error(`${accountId}: version ${versionId} is not PENDING`);
    const staged = Object.entries(stages)
      .filter(([id, labels]) => stagesOf(labels, id).length > 0)
      .map(([id]) => id);
    return { stages, meta: parseMeta(described?.Description), staged };
  }

  private async writeMeta(accountId: string, meta: MetaByVersion, keep: readonly string[]): Promise<void> {
    await this.send<UpdateSecretCommandOutput>(
      `describe ${accountId}`,
      new UpdateSecretCommand({ SecretId: this.name(accountId), Description: formatMeta(meta, keep) }),
      [],
    );
  }

  /**
   * The run lock: a secret whose DBPASS_HOLDER label marks the holder's version, or a placeholder when no run holds
   * it; every move names the version it takes the label from, which is the compare-and-set.
   */
  private lockRegister(): CasRegister {
    const SecretId = this.name(LOCK_NAME);
    return {
      read: async () => {
        const holder = await this.labelledVersion(SecretId, HOLDER, 'the lock');
        return {
          value: holder.VersionId!.startsWith(PLACEHOLDER_PREFIX) ? undefined : holder.SecretString,
          revision: holder.VersionId,
        };
      },
      write: async (value, revision) => {
        const token = value === undefined ? `${PLACEHOLDER_PREFIX}${randomUUID()}` : randomUUID();
        await this.send<PutSecretValueCommandOutput>(
          'write the lock',
          new PutSecretValueCommand({
            SecretId,
            ClientRequestToken: token,
            SecretString: value ?? PLACEHOLDER_TEXT,
            VersionStages: [CLAIM],
          }),
          [],
        );
        return this.moveLabel(SecretId, HOLDER, token, revision!);
      },
    };
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
