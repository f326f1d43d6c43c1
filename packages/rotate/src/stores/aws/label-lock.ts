import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CasRegister } from '../../secret-store/cas-lock.js';
import { StoreConflictError } from '../../secret-store/store-errors.js';
import { isPlaceholder, type Labels } from './aws-stages.js';
import {
  BASE_ANCHOR,
  candidateLabel,
  type Garbage,
  genesisLabels,
  LEGACY_HOLDER,
  LOCK_VERSION,
  type LockView,
  lockView,
  SLOTS,
  slotAnchor,
  type TokenLabel,
  tokenName,
  tokenSlots,
  versionOf,
} from './lock-labels.js';

/** The operations the lock makes on its secret, failures already typed by the store (and naming no value). */
export interface LockSecret {
  /** The labels of every labelled version; undefined when there is no lock secret. */
  describe(): Promise<Labels | undefined>;
  /** A version's text (the holder of the lock of dbpass before this one). */
  text(versionId: string): Promise<string | undefined>;
  /** Creates the lock secret with `versionId` as its first version (AWSCURRENT); nothing when it exists. */
  create(versionId: string, text: string): Promise<void>;
  /** Creates a version with these labels; nothing when it exists (same id and text: PutSecretValue is idempotent). */
  put(versionId: string, text: string, labels: readonly string[]): Promise<void>;
  /** Moves `label` from version `from` to `to`; false once the label is not on `from`: the compare-and-set. */
  move(label: string, from: string, to: string): Promise<boolean>;
  attach(label: string, to: string): Promise<void>;
  /** Removes `label` from `from`; nothing when it is not there. */
  remove(label: string, from: string): Promise<void>;
}

const LEGACY_REVISION = 'legacy:';
/** A dbpass from before this lock reads the base version as a holder on another host without a lease: it stays out. */
const BASE_TEXT = JSON.stringify({
  pid: 0,
  host: 'a newer dbpass, which keeps this lock in staging labels (upgrade this dbpass)',
  nonce: 'dbpass-run-lock-labels',
  since: '2026-01-01T00:00:00.000Z',
});
const SLOT_TEXT = 'dbpass run lock: a slot for its head label (no secret here; the lock is in the staging labels)';
const GENESIS_TEXT = 'dbpass run lock: its first head label (no secret here; the lock is in the staging labels)';
/** How long a writer waits for the head's tokens while other writers hold them all (they finish in milliseconds). */
const TOKEN_WAITS = 30;

/**
 * The run lock of the AWS store as a compare-and-set register kept in staging label names, so that taking, renewing
 * and releasing it create no version of the lock secret.
 *
 * Why: every PutSecretValue creates a version, and Secrets Manager removes unlabelled versions only beyond 100 and
 * never one younger than 24 hours (it asks for at most one PutSecretValue per 10 minutes). A lock with a version per
 * take and per release reaches the version quota within a day of CronJob runs every 5 minutes (288 a day), after
 * which no run can take or release it. Label operations (UpdateSecretVersionStage) create no version; their quota is
 * the region's 50 requests a second, shared with PutSecretValue and UpdateSecret, of which a run uses 16 in all. A
 * Description or tags would cost no version either, but are last-writer-wins: nothing conditional ties them to a
 * compare-and-set. AWS's own tools lock with the one conditional operation they have: rotation functions mark a
 * rotation under way with AWSPENDING and move AWSCURRENT naming the version it leaves; the DynamoDB lock client
 * writes on condition of a record version number that every heartbeat changes. In Secrets Manager that operation is
 * moving a label naming the version it leaves (RemoveFromVersionId), which fails once the label is elsewhere.
 *
 * How: a fixed set of versions is created once (a base, a genesis version, three slots). The lock's value, the
 * holder, is encoded in the name of a head label on a slot. What makes a label the head is its predecessor sitting on
 * the same slot, moved there by the conditional move (predecessor off its own slot onto the new head's slot) that can
 * succeed once: a head label leaves its slot once and never comes back, so whatever a stalled writer replays, no
 * revision recurs. Two writers following one head must not put candidates on the same slot, so each head comes with
 * one token per other slot, attached before it became the head: a writer first moves a token off the head's version
 * (a conditional move that succeeds once), puts its candidate and the candidate's tokens on that slot, then moves the
 * head. Labels that no longer decide anything are removed by whoever sees them. A write is 8 label operations.
 *
 * Lock secrets of dbpass before this (a version per write, DBPASS_HOLDER moved onto it) keep working: a holder there
 * is the holder until released, taken over or broken; DBPASS_HOLDER is then parked on the base version, whose text
 * such a dbpass reads as a holder that never expires, so that it stays out rather than share the lock. Assumes, as
 * moto does, that moving a label that is attached nowhere fails as well.
 */
export class StagingLabelLock implements CasRegister {
  /** The view of the last read, which a write following it uses while the head it names is the same. */
  private last: LockView | undefined;

  constructor(
    private readonly secret: LockSecret,
    private readonly where: string,
  ) {}

  async read(): Promise<{ readonly value: string | undefined; readonly revision: string | undefined }> {
    const view = await this.view();
    if (view.legacy !== undefined)
      return { value: await this.secret.text(view.legacy), revision: `${LEGACY_REVISION}${view.legacy}` };
    return { value: view.head!.value, revision: view.head!.name };
  }

  async write(value: string | undefined, revision: string | undefined): Promise<boolean> {
    if (revision?.startsWith(LEGACY_REVISION)) return this.retireLegacy(value, revision.slice(LEGACY_REVISION.length));
    let view = this.last?.head?.name === revision ? this.last! : await this.view();
    for (let wait = 0; wait < TOKEN_WAITS; ) {
      const head = view.head!;
      if (head.name !== revision || view.legacy !== undefined) return false;
      const token = view.tokens[randomInt(Math.max(1, view.tokens.length))];
      if (token && (await this.secret.move(token.name, versionOf(head.home)!, LOCK_VERSION.slot(token.slot))))
        return this.follow(view, token, value);
      if (!token) {
        wait++;
        await sleep(100);
      }
      view = await this.view();
    }
    throw new StoreConflictError(
      `${this.where}: every slot after the run lock's head is taken by a writer that has not finished; if no dbpass runs, delete the lock secret (it is set up again on the next run)`,
    );
  }

  /** Puts a candidate holding `value` on the token's slot and moves the head there; false if another writer did first. */
  private async follow(view: LockView, token: TokenLabel, value: string | undefined): Promise<boolean> {
    const head = view.head!;
    const headVersion = versionOf(head.home)!;
    const slot = LOCK_VERSION.slot(token.slot);
    const candidate = candidateLabel(token.slot, head.id, value);
    const candidateTokens = tokenSlots(token.slot).map((other) => tokenName(other, candidate.id));
    for (const label of [candidate.name, ...candidateTokens]) await this.secret.attach(label, slot);
    const moved = await this.secret.move(head.name, headVersion, slot);
    const on = (version: string) => (label: string) => ({ label, version });
    // Spent either way: the token; if the head moved here, the old head's predecessor and other tokens; if not, ours.
    const spent = moved
      ? [
          on(slot)(token.name),
          ...(view.previous ? [on(headVersion)(view.previous)] : []),
          ...view.tokens.filter((other) => other !== token).map((other) => on(headVersion)(other.name)),
        ]
      : [token.name, candidate.name, ...candidateTokens].map(on(slot));
    // Dead candidates first: a head's predecessor, once removed, could only matter to a candidate still waiting on it.
    await this.collect([...view.garbage, ...spent]);
    return moved;
  }

  /** Removes labels that decide nothing any more; best effort, the next writer collects what is left. */
  private async collect(garbage: readonly Garbage[]): Promise<void> {
    for (const { label, version } of garbage) await this.secret.remove(label, version).catch(() => {});
  }

  /**
   * Frees the lock of dbpass before this one (its holder was released, taken over or broken here) by parking its
   * label on the base version, then writes `value` to this lock, which is free unless someone got there first.
   */
  private async retireLegacy(value: string | undefined, legacyVersion: string): Promise<boolean> {
    if (!(await this.secret.move(LEGACY_HOLDER, legacyVersion, LOCK_VERSION.base))) return false;
    const view = await this.view();
    if (view.legacy !== undefined || view.head!.value !== undefined) return false;
    return value === undefined || this.write(value, view.head!.name);
  }

  /** The lock now: set up if it is not yet, and with a free lock of dbpass before this one parked. */
  private async view(): Promise<LockView> {
    let labels = await this.secret.describe();
    if (labels === undefined || !lockView(labels).setUp) {
      await this.setUp(labels);
      labels = await this.secret.describe();
    }
    let view = lockView(labels ?? {});
    if (view.legacy !== undefined && isPlaceholder(view.legacy)) {
      await this.secret.move(LEGACY_HOLDER, view.legacy, LOCK_VERSION.base);
      view = lockView((await this.secret.describe()) ?? {});
    }
    if (!view.head)
      throw new StoreConflictError(
        `${this.where}: the run lock's staging labels show ${view.heads} heads, not one (changed outside dbpass?); if no dbpass runs, delete the lock secret (it is set up again on the next run)`,
      );
    this.last = view;
    return view;
  }

  /** Creates the fixed versions, each once (concurrent set-ups create the same ids with the same text). */
  private async setUp(labels: Labels | undefined): Promise<void> {
    if (labels === undefined) await this.secret.create(LOCK_VERSION.base, BASE_TEXT);
    else if (labels[LOCK_VERSION.base] === undefined)
      await this.secret.put(LOCK_VERSION.base, BASE_TEXT, [BASE_ANCHOR]);
    for (const slot of SLOTS)
      if (labels?.[LOCK_VERSION.slot(slot)] === undefined)
        await this.secret.put(LOCK_VERSION.slot(slot), SLOT_TEXT, [slotAnchor(slot)]);
    // Last: a lock with a head has all its slots.
    await this.secret.put(LOCK_VERSION.genesis, GENESIS_TEXT, genesisLabels());
  }
}
