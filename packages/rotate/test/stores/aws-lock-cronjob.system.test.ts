import {
  DescribeSecretCommand,
  ListSecretVersionIdsCommand,
  type ListSecretVersionIdsCommandOutput,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { StoreLockedError } from '../../src/index.js';
import { candidateLabel, LOCK_VERSION, lockView, versionOf } from '../../src/stores/aws/lock-labels.js';
import { AwsSecretsManagerStore, awsSecretName } from '../../src/stores/aws.js';
import { type MotoServer, startMoto } from '../servers/moto-server.js';

const MINUTE = 60_000;
const CRON_EVERY = 5 * MINUTE;
const RUNS_PER_YEAR = (365 * 24 * 60 * MINUTE) / CRON_EVERY;
/** Secrets Manager removes unlabelled versions beyond 100, and none younger than 24 hours. */
const VERSION_QUOTA = 100;
const LABELS_PER_VERSION = 20;

type RunKind =
  | 'first'
  | 'released'
  | 'killed holding'
  | 'refused'
  | 'took over'
  | 'killed taking'
  | 'after a killed take';

interface RunRecord {
  readonly at: number;
  readonly kind: RunKind;
  readonly calls: Record<string, number>;
  readonly newVersions: number;
}

const range = (values: readonly number[]) =>
  Math.min(...values) === Math.max(...values) ? `${values[0]}` : `${Math.min(...values)}-${Math.max(...values)}`;
const total = (calls: Record<string, number>) => Object.values(calls).reduce((sum, count) => sum + count, 0);

/** A table line per kind of run: how many, the versions each made, and its calls on the lock secret (min-max). */
function perKind(runs: readonly RunRecord[]): string[] {
  const byKind = new Map<RunKind, RunRecord[]>();
  for (const run of runs) byKind.set(run.kind, [...(byKind.get(run.kind) ?? []), run]);
  const line = ([kind, records]: [RunKind, RunRecord[]]) => {
    const operations = [...new Set(records.flatMap((record) => Object.keys(record.calls)))].sort();
    const calls = operations.map(
      (operation) => `${operation} ${range(records.map((record) => record.calls[operation] ?? 0))}`,
    );
    const versions = range(records.map((record) => record.newVersions));
    return `${kind.padEnd(20)} ${String(records.length).padStart(4)}  ${versions.padStart(12)}  ${range(records.map((record) => total(record.calls)))}: ${calls.join(', ')}`;
  };
  return ['run                  runs  new versions  calls on the lock secret', ...[...byKind.entries()].map(line)];
}

/** The SDK's own request handler, noting the operation and the secret of every request (a client `requestHandler`). */
function countingHandler(sent: Array<{ operation: string; secret: string | undefined }>) {
  type Handler = { handle(request: { headers: Record<string, string>; body?: unknown }, options?: unknown): unknown };
  const inner = new SecretsManagerClient({ region: 'us-east-1' }).config.requestHandler as Handler;
  return {
    handle(request: { headers: Record<string, string>; body?: unknown }, options?: unknown) {
      const body = request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : String(request.body);
      const input = JSON.parse(body) as { SecretId?: string; Name?: string };
      sent.push({
        operation: (request.headers['x-amz-target'] ?? '').replace('secretsmanager.', ''),
        secret: input.SecretId ?? input.Name,
      });
      return inner.handle(request, options);
    },
  };
}

/**
 * The run lock as a CronJob every 5 minutes uses it, on a simulated clock (Date only: the lease's expiry is read from
 * it, while moto and the SDK's timers run in real time): each run is a new process that opens the store, takes the
 * lock and releases it; some are killed holding it, or in the middle of taking it, and the next run takes it over.
 */
describe('aws store run lock: a CronJob every 5 minutes', () => {
  const PREFIX = 'cron/';
  const lockSecret = awsSecretName(PREFIX, '.lock');
  let moto: MotoServer;
  let sdk: SecretsManagerClient;

  beforeAll(async () => {
    moto = await startMoto();
    sdk = new SecretsManagerClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: moto.credentials });
  }, 120_000);
  afterAll(() => moto?.stop());
  afterEach(() => vi.useRealTimers());

  async function versionCount(): Promise<number> {
    let count = 0;
    let NextToken: string | undefined;
    do {
      const page: ListSecretVersionIdsCommandOutput = await sdk
        .send(new ListSecretVersionIdsCommand({ SecretId: lockSecret, IncludeDeprecated: true, NextToken }))
        .catch(() => ({ $metadata: {} }));
      count += page.Versions?.length ?? 0;
      NextToken = page.NextToken;
    } while (NextToken);
    return count;
  }

  const labels = async (client = sdk) =>
    (await client.send(new DescribeSecretCommand({ SecretId: lockSecret }))).VersionIdsToStages ?? {};

  /** A run killed between taking a slot and moving the head: it leaves a spent token and a candidate. */
  async function killedTaking(client: SecretsManagerClient): Promise<void> {
    const view = lockView(await labels(client));
    const token = view.tokens[0]!;
    const slot = LOCK_VERSION.slot(token.slot);
    const stage = (VersionStage: string, MoveToVersionId: string, RemoveFromVersionId?: string) =>
      client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: lockSecret,
          VersionStage,
          MoveToVersionId,
          RemoveFromVersionId,
        }),
      );
    await stage(token.name, slot, versionOf(view.head!.home));
    const holder = { pid: 1, host: 'killed-pod', nonce: crypto.randomUUID(), since: new Date().toISOString() };
    await stage(candidateLabel(token.slot, view.head!.id, JSON.stringify(holder)).name, slot);
  }

  /** One process: opens the store and takes the lock, and releases it unless it is killed holding it. */
  async function cronRun(kind: RunKind): Promise<Record<string, number>> {
    const sent: Array<{ operation: string; secret: string | undefined }> = [];
    const client = { credentials: moto.credentials, requestHandler: countingHandler(sent) as never };
    const store = await AwsSecretsManagerStore.open({
      prefix: PREFIX,
      region: 'us-east-1',
      endpoint: moto.endpoint,
      client,
    });
    if (kind === 'refused') await expect(store.lock()).rejects.toBeInstanceOf(StoreLockedError);
    else if (kind === 'killed taking')
      await killedTaking(new SecretsManagerClient({ region: 'us-east-1', endpoint: moto.endpoint, ...client }));
    else {
      const lock = await store.lock();
      if (kind !== 'killed holding') await lock.release();
    }
    const calls: Record<string, number> = {};
    for (const { operation, secret } of sent) if (secret === lockSecret) calls[operation] = (calls[operation] ?? 0) + 1;
    return calls;
  }

  it('creates no version of the lock secret per run, and runs killed holding it are taken over after the lease', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.parse('2026-03-01T00:00:00Z');
    const runs: RunRecord[] = [];
    const schedule: RunKind[] = [
      'first',
      'released',
      'killed holding',
      'took over',
      'killed taking',
      'after a killed take',
    ];
    for (let tick = 0; tick < 30; tick++) {
      const kind = schedule[tick === 0 ? 0 : 1 + ((tick - 1) % (schedule.length - 1))]!;
      const at = start + tick * CRON_EVERY;
      for (const [when, what] of [
        [at, kind],
        // A process started a minute after a run was killed holding the lock finds its lease running.
        ...(kind === 'killed holding' ? [[at + MINUTE, 'refused']] : []),
      ] as Array<[number, RunKind]>) {
        vi.setSystemTime(when);
        const before = await versionCount();
        const calls = await cronRun(what);
        runs.push({ at: when, kind: what, calls, newVersions: (await versionCount()) - before });
      }
    }
    const steady = runs.slice(1);
    const newVersionsPerRun = Math.max(...steady.map((run) => run.newVersions));
    const labelsNow = await labels();
    const mostOnAVersion = Math.max(...Object.values(labelsNow).map((attached) => attached.length));
    console.log(
      [
        `${runs.length} runs from ${new Date(start).toISOString()} to ${new Date(runs.at(-1)!.at).toISOString()} (simulated), per run:`,
        ...perKind(runs),
        `the lock secret has ${await versionCount()} versions (the first run made ${runs[0]!.newVersions}, no run since made one);`,
        `a year of runs every 5 minutes (${RUNS_PER_YEAR}) adds ${newVersionsPerRun * RUNS_PER_YEAR}; the quota is ${VERSION_QUOTA}`,
        `labels on the lock secret now: ${Object.values(labelsNow).flat().length}, at most ${mostOnAVersion} on a version`,
      ].join('\n'),
    );
    expect(runs.filter((run) => run.kind === 'took over').length).toBeGreaterThan(2);
    expect(runs.filter((run) => run.kind === 'refused').length).toBeGreaterThan(2);
    expect(newVersionsPerRun).toBe(0);
    expect(steady.every((run) => run.calls.PutSecretValue === undefined && run.calls.CreateSecret === undefined)).toBe(
      true,
    );
    expect(await versionCount()).toBeLessThan(VERSION_QUOTA);
    expect(mostOnAVersion).toBeLessThanOrEqual(LABELS_PER_VERSION);
  });
});
