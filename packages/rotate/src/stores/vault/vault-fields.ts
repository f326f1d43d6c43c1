import { ownRecord, ownValue, setOwn } from '../../secret-store/own-record.js';
import { type SecretVersion, STAGES, type Stage, stagesOf } from '../../secret-store/secret-store.js';
import type { StagePasswords } from '../../secret-store/staged-passwords.js';

/** The data field that keeps the versions' metadata (ids, dates, evidence), never a password. */
export const META_FIELD = 'dbpass';
export const DEFAULT_FIELD = 'CURRENT';
/** Where an account that alternates between two users keeps CURRENT's user (AWS's database secrets name it so too). */
export const DEFAULT_USERNAME_FIELD = 'username';

/** The data of a KV v2 secret's latest version. */
export type KvData = Record<string, unknown>;

/**
 * The field that holds each stage's password. CURRENT is at `field`, where applications read it. With the default
 * field the others are `PENDING` and `PREVIOUS`, as dbpass has always written them; with a field the application
 * chose, they are `<field>.pending` and `<field>.previous` (as the Kubernetes store names its keys): a plan's field
 * cannot contain a dot, so these never clash with another configured field, and applications rarely name fields with
 * one. A stage field dbpass did not write is never written over (see `mergeStageFields`).
 */
export function stageField(field: string, stage: Stage): string {
  if (stage === 'CURRENT') return field;
  return field === DEFAULT_FIELD ? stage : `${field}.${stage.toLowerCase()}`;
}

/** Why a field cannot hold CURRENT, or undefined when it can. */
export function invalidField(field: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(field)) return 'a field name is letters, digits, _ and - only';
  if (field === META_FIELD) return `\`${META_FIELD}\` is the field dbpass keeps its metadata in`;
  return undefined;
}

/** The versions' metadata, or undefined when the secret has none (dbpass has never written it). */
export function readMeta(data: KvData): SecretVersion[] | undefined {
  const text = data[META_FIELD];
  if (text === undefined) return undefined;
  const meta: unknown = typeof text === 'string' ? JSON.parse(text) : undefined;
  if (!Array.isArray(meta)) throw new SyntaxError(`field ${META_FIELD} is not dbpass's metadata`);
  return meta as SecretVersion[];
}

/** The passwords of the stages that `meta` says dbpass keeps: a field without its stage is not dbpass's. */
export function readStagePasswords(data: KvData, field: string, meta: readonly SecretVersion[]): StagePasswords {
  const kept = stagesOf(meta);
  const entries = STAGES.filter((stage) => kept.has(stage)).flatMap((stage) => {
    const value = ownValue(data, stageField(field, stage));
    return typeof value === 'string' ? [[stage, value] as const] : [];
  });
  return Object.fromEntries(entries);
}

/** Thrown when a stage field dbpass would write holds a value that dbpass did not put there. */
export class ForeignFieldError extends Error {
  constructor(readonly fieldName: string) {
    super(`field ${fieldName} holds a value dbpass did not write`);
  }
}

/**
 * The data to write: every field as read (a KV v2 write replaces the whole map, so what dbpass does not own is
 * written back exactly), the stage fields set from `passwords`, and the stage fields of stages dbpass kept before
 * and keeps no longer removed. A field of a stage dbpass did not keep before is the application's: it is never
 * removed (so an unmanaged CURRENT survives), and never replaced by a different value (ForeignFieldError).
 */
export function mergeStageFields(
  read: KvData,
  field: string,
  keptBefore: ReadonlySet<Stage>,
  passwords: StagePasswords,
): KvData {
  // Without a prototype: a field named `__proto__` (a valid plan field) is a field like any other.
  const data: KvData = ownRecord(read);
  for (const stage of STAGES) {
    const name = stageField(field, stage);
    const next = passwords[stage];
    if (next === undefined) {
      if (keptBefore.has(stage)) delete data[name];
      continue;
    }
    if (!keptBefore.has(stage) && isForeign(ownValue(read, name), next, stage)) throw new ForeignFieldError(name);
    setOwn<unknown>(data, name, next);
  }
  return data;
}

/**
 * Whether a value dbpass did not write stands in the way. The application's own CURRENT field may be missing, empty
 * or not text (dbpass fills it on the first rotation) or already hold the adopted password; any other stage field
 * is dbpass's name and must be free.
 */
function isForeign(value: unknown, next: string, stage: Stage): boolean {
  if (value === undefined || value === next) return false;
  return stage !== 'CURRENT' || (typeof value === 'string' && value !== '');
}
