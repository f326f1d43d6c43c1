import { randomUUID } from 'node:crypto';
import { generatePassword } from '@dbpass/client-taurusdb';
import type { AccountRef } from '../account-ref.js';
import type { Checkpoint } from '../checkpoint.js';
import type { Applied } from '../kinds/account-kind.js';
import { kindOf } from '../kinds/registry.js';
import { type LoginChecker, type LoginOutcome, loginWithCurrent } from '../login-checker.js';
import type { PlannedAccount } from '../plan/expand-targets.js';
import { errorText } from '../redact.js';
import type { AccountResult, Outcome, RotationEvent, Step } from '../rotation-result.js';
import type { SecretStore, SecretVersion, VerificationEvidence } from '../secret-store/secret-store.js';
import { classifySetError, errorCode } from './classify-set-error.js';
import { diffGrants, sameGrants } from './compare-grants.js';
import type { TwinStep } from './twin-step.js';

export interface AccountContext {
  readonly store: SecretStore;
  readonly checker: LoginChecker;
  readonly checkpoint: Checkpoint;
  readonly emit: (event: RotationEvent) => void;
  readonly now: () => Date;
  /** Deadline of one login attempt. */
  readonly loginDeadlineMs: number;
  /** Waits before logging in again when a just-set password is refused (propagation). */
  readonly loginRetryDelaysMs: readonly number[];
  /** The run's reachability checks by login address, shared by its accounts without a CURRENT. */
  readonly reachedAddresses?: Map<string, Promise<LoginOutcome | 'reached'>>;
}

/** What an account needs after a step: a set of its PENDING, a test of it, or nothing more (its result). */
export type Next = { readonly action: 'set' } | { readonly action: 'test' } | Done;

/** The account needs nothing more in this run: its result. */
export interface Done {
  readonly action: 'done';
  readonly result: AccountResult;
}

/** What the test step proved: PENDING may be finished with this evidence. */
export interface Proven {
  readonly action: 'finish';
  readonly evidence: VerificationEvidence;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The staged protocol for one account (create -> set -> test -> finish), as a state machine over what the store
 * holds. Every step can be repeated: a run that finds a PENDING resumes it and never makes another, and CURRENT
 * is only relabelled (never dropped) once PENDING is proven. The set itself is not here: `rotateGroup` sends it for
 * a batch of accounts and reports its outcome to each (`setApplied`, `setFailed`).
 */
export class AccountRotation {
  private pending: SecretVersion | undefined;
  private current: SecretVersion | undefined;
  private resumed = false;

  constructor(
    private readonly context: AccountContext,
    readonly planned: PlannedAccount,
  ) {}

  get ref() {
    return this.planned.ref;
  }

  /** Whether the account alternates between its user and a twin (the `alternating` strategy). */
  private get alternating(): boolean {
    return this.ref.twin !== undefined;
  }

  /**
   * The user a version's password belongs to: alternating, the one it names; single, the account's own (a store may
   * name a user for its own reasons: AWS's JSON always has a `username`).
   */
  private userOf(version: SecretVersion | undefined): string {
    return this.alternating ? (version?.username ?? this.ref.userName) : this.ref.userName;
  }

  /** The account's ref as user `userName` (the account's own user or its twin). */
  private refAs(userName: string): AccountRef {
    return userName === this.ref.userName ? this.ref : { ...this.ref, userName };
  }

  /** The ref the set step sets PENDING's password on: the user PENDING names. */
  get setRef(): AccountRef {
    return this.refAs(this.userOf(this.pending));
  }

  /** The PENDING password, for the set step. */
  get pendingPassword(): string {
    return this.pending!.password!;
  }

  /** Create: resumes a PENDING left by an earlier run, or (when due and CURRENT logs in) stores a new one. */
  async create(options: { due: (current: SecretVersion | undefined) => boolean; init: boolean }): Promise<Next> {
    const { store } = this.context;
    this.pending = await store.read(this.ref.id, 'PENDING');
    this.current = await store.read(this.ref.id, 'CURRENT');
    if (this.pending) {
      this.resumed = true;
      this.event('resume', 'started', { message: `found PENDING ${this.pending.versionId} from an earlier run` });
      return this.probe('resume');
    }
    if (!this.current) {
      const unknown = await this.unknownCurrent(options.init);
      if (unknown) return unknown;
    }
    if (!options.due(this.current)) return this.done('skipped', 'skip', 'not due');
    const mismatch = this.strategyMismatch();
    if (mismatch) return mismatch;
    const refused = await this.preflight();
    if (refused) return refused;
    // Alternating: the user CURRENT does not name, which applications are not using.
    const userName = this.alternating ? this.otherUser(this.userOf(this.current)) : this.ref.userName;
    const { password } = generatePassword(kindOf(this.ref).policy, { ...this.planned.password, userName });
    this.pending = await store.putPending(
      this.ref.id,
      password,
      randomUUID(),
      this.alternating ? { username: userName } : {},
    );
    this.context.checkpoint('pending:written');
    this.event('create', 'ok', {
      message: `PENDING ${this.pending.versionId} stored${this.alternating ? ` for user ${userName}` : ''}${this.current ? '' : '; no CURRENT is known (--init): the first set is a reset'}`,
    });
    return { action: 'set' };
  }

  /** The account's other user: the twin for its own user, its own user for the twin. */
  private otherUser(userName: string): string {
    return userName === this.ref.userName ? this.ref.twin! : this.ref.userName;
  }

  /**
   * A CURRENT the plan's strategy cannot rotate from. Alternating: CURRENT names a user that is neither the
   * account's nor the plan's twin (a twin renamed in the plan). Single: CURRENT is the twin's, promoted by an
   * alternating rotation, and applications read that user beside the password: setting the account's own user's
   * password would leave them logging in as the twin with it. (A user a store names for its own reasons, as AWS's
   * JSON always does, is not dbpass's to judge.)
   */
  private strategyMismatch(): Done | undefined {
    const user = this.current?.username ?? this.ref.userName;
    if (user === this.ref.userName || user === this.ref.twin) return undefined;
    if (this.alternating)
      return this.done(
        'failed',
        'create',
        `CURRENT is the password of user ${user}, which is neither ${this.ref.userName} nor its twin ${this.ref.twin} in the plan; nothing was sent. Name ${user} as the twin (twin:), or adopt the pair applications use`,
      );
    if (this.current?.evidence?.strategy !== 'alternating') return undefined;
    return this.done(
      'failed',
      'create',
      `CURRENT is the password of the twin ${user} (strategy alternating), which applications read with it; the plan now rotates ${this.ref.userName} alone; nothing was sent. Rotate once more with strategy: alternating, so that CURRENT names ${this.ref.userName}, then switch to single`,
    );
  }

  /**
   * Alternating, before the set: a twin that does not exist yet is created with PENDING's password and its
   * original's privileges (that is its set). Asked every time, so a resumed run never creates a second twin: a
   * create whose answer was lost, or that an earlier run left running, shows as a user that exists (or a 409).
   */
  async twin(step: TwinStep, lastAttempt: boolean): Promise<Next> {
    const user = this.userOf(this.pending);
    if (!this.alternating || user === this.ref.userName) return { action: 'set' };
    const twin = this.refAs(user);
    if (await step.readPrivileges(twin)) return { action: 'set' };
    const privileges = await step.readPrivileges(this.ref);
    if (!privileges)
      return this.done(
        'failed',
        'set',
        `user ${this.ref.userName} does not exist, so its twin cannot copy its privileges; nothing was created`,
      );
    const seen = step.requestIds.length;
    try {
      const applied = await step.create({ ref: twin, password: this.pendingPassword, privileges });
      this.context.checkpoint('twin:created');
      return this.setApplied(
        { ...applied, apiResult: `twin ${user} created: ${applied.apiResult}` },
        step.requestIds.slice(seen),
      );
    } catch (error) {
      // Created after all (a lost answer), or by an earlier run (a 409): the set sets its password.
      if (await step.readPrivileges(twin).catch(() => undefined)) return { action: 'set' };
      return this.setFailed(error, step.requestIds.slice(seen), lastAttempt);
    }
  }

  /**
   * Alternating, before the test: the twin must have its original's privileges (read through the API, granted
   * where they differ, read again); applications switch to it at the finish.
   */
  async matchPrivileges(step: TwinStep): Promise<Next> {
    if (!this.alternating) return { action: 'test' };
    const twin = this.refAs(this.ref.twin!);
    const [original, copy] = [await step.readPrivileges(this.ref), await step.readPrivileges(twin)];
    if (!original || !copy)
      return this.done(
        'needs-attention',
        'test',
        `user ${original ? twin.userName : this.ref.userName} does not exist any more; PENDING kept, CURRENT unchanged`,
      );
    if (sameGrants(original, copy)) return { action: 'test' };
    this.context.checkpoint('grant:before');
    await step.grant(twin, original);
    this.context.checkpoint('grant:done');
    const granted = await step.readPrivileges(twin);
    if (granted && sameGrants(original, granted)) {
      this.event('test', 'ok', { message: `privileges of ${twin.userName} set to those of ${this.ref.userName}` });
      return { action: 'test' };
    }
    return this.done(
      'failed',
      'test',
      `${twin.userName} has other privileges than ${this.ref.userName} after granting (${diffGrants(original, granted)}); dbpass only adds what the API lets it add: revoke the extra ones, then run again; PENDING kept, CURRENT unchanged`,
    );
  }

  /** An account without CURRENT: never rotated over a password applications read, and reset only when the run says so. */
  private async unknownCurrent(init: boolean): Promise<Next | undefined> {
    const holding = await this.context.store.inspect(this.ref.id);
    if (holding.state === 'unmanaged')
      return this.done(
        'failed',
        'create',
        `its store location holds a password that dbpass has not adopted; nothing was sent or written. Run \`dbpass adopt --only ${this.ref.id}\` first`,
      );
    if (!init)
      return this.done(
        'failed',
        'create',
        `the store holds no password for it; nothing was sent. Adopt the one applications use (\`dbpass adopt --only ${this.ref.id}\`), or rotate with --init if it is truly unknown (the first set is then a reset)`,
      );
    return undefined;
  }

  /**
   * Before anything is sent, the verifier must work: CURRENT must log in (a wrong address, port, CA or a password
   * changed behind dbpass's back is found here, not after the cloud has the new one). Without a CURRENT (--init) a
   * throwaway password must be refused, which proves at least that the verifier reaches the database.
   */
  private async preflight(): Promise<Next | undefined> {
    if (!this.ref.login) return undefined;
    try {
      const currentRef = this.refAs(this.userOf(this.current));
      if ((await this.loginWithCurrent(currentRef)) !== 'refused') return undefined;
    } catch (error) {
      return this.done(
        'failed',
        'preflight',
        `the verifier could not log in (${this.secretFree(error)}); check the plan's verify settings; nothing was sent`,
      );
    }
    return this.done(
      'failed',
      'preflight',
      'CURRENT does not log in; nothing was sent. Check the verify address, port and TLS settings, or whether the password was changed outside dbpass',
    );
  }

  /**
   * CURRENT's login; without a CURRENT (--init), a throwaway password's, made once per database in a run
   * (`reachedAddresses`): its refusal proves the verifier reaches that database, whichever account asks.
   */
  private loginWithCurrent(currentRef: AccountRef): Promise<LoginOutcome | 'reached'> {
    const login = (password: string) => this.tryLoginAs(currentRef, password);
    const { reachedAddresses } = this.context;
    if (this.current?.password !== undefined || !reachedAddresses || !this.ref.login)
      return loginWithCurrent(login, this.current?.password);
    // One database: its instance (and tenant), and how it is reached (address, TLS, login-name form, PROXY source).
    const address = JSON.stringify([this.ref.instanceId, this.ref.tenantId, this.ref.login]);
    let reached = reachedAddresses.get(address);
    if (!reached) {
      reached = loginWithCurrent(login, undefined);
      reachedAddresses.set(address, reached);
    }
    return reached;
  }

  /** Set, answered with success. */
  async setApplied(applied: Applied, requestIds: readonly string[]): Promise<Next> {
    this.event('set', 'ok', {
      message: applied.apiResult,
      ...(applied.jobId ? { jobId: applied.jobId } : {}),
      requestIds,
    });
    await this.context.store.note(this.ref.id, this.pending!.versionId, {
      appliedAt: this.context.now().toISOString(),
    });
    this.context.checkpoint('set:done');
    this.applied = { ...applied, requestIds };
    return { action: 'test' };
  }

  private applied: (Applied & { requestIds: readonly string[] }) | undefined;

  /** Set, failed: finds out by logging in whether it was applied; `lastAttempt` turns "unknown" into needs-attention. */
  async setFailed(error: unknown, requestIds: readonly string[], lastAttempt: boolean): Promise<Next> {
    const certainty = classifySetError(error);
    const message = errorText(error, [this.pending?.password, this.current?.password]);
    this.event('set', certainty === 'unknown' ? 'unknown' : 'failed', {
      message,
      requestIds,
      ...(errorCode(error) ? { errorCode: errorCode(error)! } : {}),
    });
    if (this.ref.login) {
      const next = await this.probe('set');
      if (next.action !== 'set') return next;
    }
    if (certainty === 'definite')
      return this.done('failed', 'set', `${message}; CURRENT unchanged, PENDING kept for the next run`);
    // Needs-attention is kept for what logins proved (neither password works); an outage is not that.
    if (lastAttempt)
      return this.done(
        'failed',
        'set',
        `no answer from the cloud after every retry (${message}); ${this.ref.login && this.current ? 'CURRENT still logs in' : 'whether it was applied is not known yet'}; PENDING kept, the next run sets the same password again`,
      );
    return { action: 'set' };
  }

  /** Test: proves PENDING by login, or by the API's evidence where the plan says no login is possible. */
  async test(): Promise<Proven | Done> {
    const evidence = this.ref.login ? await this.loginEvidence() : this.apiEvidence();
    if ('result' in evidence) return evidence;
    this.event('test', 'ok', {
      message: evidence.method === 'login' ? 'PENDING logs in; CURRENT refused' : `API evidence only: ${evidence.note}`,
    });
    return { action: 'finish', evidence };
  }

  /** Finish: PENDING, proven, becomes CURRENT (CURRENT becomes PREVIOUS). */
  async finish(evidence: VerificationEvidence): Promise<AccountResult> {
    this.context.checkpoint('finish:before');
    await this.context.store.promote(this.ref.id, this.pending!.versionId, evidence);
    this.context.checkpoint('finish:done');
    this.event('finish', 'ok', { message: `PENDING ${this.pending!.versionId} is CURRENT` });
    return {
      account: this.ref.id,
      target: this.ref.target,
      outcome: 'rotated',
      step: 'finish',
      resumed: this.resumed,
      evidence,
    };
  }

  /**
   * Which password the database has now: decides between finishing, setting (again) and stopping. CURRENT is
   * tried first: a set still landing (a job, a lost answer) only moves the account from CURRENT to PENDING, so in
   * this order a login pair never sees "neither" while it lands. "Neither" is asked again before it is believed.
   */
  private async probe(step: Step): Promise<Next> {
    if (!this.ref.login) return { action: 'set' };
    if (this.alternating) return this.probeOtherUser(step);
    try {
      for (const delay of [0, ...this.context.loginRetryDelaysMs]) {
        await sleep(delay);
        if (this.current?.password && (await this.tryLogin(this.current.password)) === 'accepted')
          return { action: 'set' };
        if ((await this.tryLogin(this.pendingPassword)) === 'accepted') return { action: 'test' };
        if (!this.current?.password) return { action: 'set' };
      }
    } catch (error) {
      return this.done(
        'failed',
        step,
        `the verifier could not tell (${this.secretFree(error)}); PENDING and CURRENT kept`,
      );
    }
    return this.done('needs-attention', step, 'neither PENDING nor CURRENT logs in; nothing was overwritten');
  }

  /**
   * Alternating: PENDING and CURRENT belong to two users, so CURRENT logging in says nothing about the set; only
   * whether PENDING's user takes PENDING does (asked again before "not yet" is believed).
   */
  private async probeOtherUser(step: Step): Promise<Next> {
    try {
      for (const delay of [0, ...this.context.loginRetryDelaysMs.slice(0, 1)]) {
        await sleep(delay);
        if ((await this.tryLoginAs(this.setRef, this.pendingPassword)) === 'accepted') return { action: 'test' };
      }
      return { action: 'set' };
    } catch (error) {
      return this.done(
        'failed',
        step,
        `the verifier could not tell (${this.secretFree(error)}); PENDING and CURRENT kept`,
      );
    }
  }

  /**
   * PENDING proven by login: its user takes it (asked again while a set may still be landing). Single: CURRENT must
   * then be refused. Alternating: CURRENT belongs to the other user, which keeps working until the next rotation
   * (one full period of grace).
   */
  private async loginEvidence(): Promise<VerificationEvidence | Done> {
    try {
      let outcome = await this.tryLoginAs(this.setRef, this.pendingPassword);
      for (const delay of this.context.loginRetryDelaysMs) {
        if (outcome === 'accepted') break;
        await sleep(delay);
        outcome = await this.tryLoginAs(this.setRef, this.pendingPassword);
      }
      if (outcome === 'refused') return await this.pendingRefused();
      this.context.checkpoint('test:pending-accepted');
      const current = this.alternating ? this.otherUserKept() : await this.currentRefusal();
      if ('result' in current) return current;
      return {
        method: 'login',
        at: this.context.now().toISOString(),
        pendingAccepted: true,
        ...current,
        ...(this.applied?.jobId ? { jobId: this.applied.jobId } : {}),
        ...(this.applied ? { apiResult: this.applied.apiResult, requestIds: this.applied.requestIds } : {}),
      };
    } catch (error) {
      return this.done(
        'failed',
        'test',
        `the verifier could not log in (${this.secretFree(error)}); PENDING kept for the next run`,
      );
    }
  }

  /** The set was answered with success, but PENDING does not log in. */
  private async pendingRefused(): Promise<Done> {
    if (this.alternating)
      return this.done(
        'failed',
        'test',
        `the set was answered with success but ${this.setRef.userName} refuses PENDING; CURRENT (${this.userOf(this.current)}) unchanged, PENDING kept`,
      );
    const currentWorks = this.current?.password ? (await this.tryLogin(this.current.password)) === 'accepted' : false;
    return currentWorks
      ? this.done(
          'failed',
          'test',
          'the set was answered with success but PENDING is refused and CURRENT still logs in; PENDING kept',
        )
      : this.done(
          'needs-attention',
          'test',
          'the set was answered with success but neither PENDING nor CURRENT logs in; nothing was overwritten',
        );
  }

  /** Single: CURRENT must be refused now that PENDING logs in. */
  private async currentRefusal(): Promise<Pick<VerificationEvidence, 'currentRefused'> | Done> {
    if (!this.current?.password) return { currentRefused: 'no-current' };
    if ((await this.tryLogin(this.current.password)) === 'refused') return { currentRefused: true };
    return this.done(
      'failed',
      'test',
      'PENDING logs in but CURRENT still does too; not finishing until CURRENT is refused',
    );
  }

  /** Alternating: CURRENT's user is not asked to be refused; applications use it until the finish. */
  private otherUserKept(): Pick<VerificationEvidence, 'currentRefused' | 'note' | 'strategy'> {
    return {
      strategy: 'alternating',
      currentRefused: this.current ? false : 'no-current',
      note: `alternating: ${this.setRef.userName} logs in with PENDING; ${this.userOf(this.current)} keeps its password until the next rotation`,
    };
  }

  private apiEvidence(): VerificationEvidence {
    return {
      method: 'api',
      at: this.context.now().toISOString(),
      note: `no login from here (${this.planned.apiOnlyReason}); proven by the cloud's answer only`,
      apiResult: this.applied?.apiResult ?? 'unknown',
      ...(this.applied?.jobId ? { jobId: this.applied.jobId } : {}),
      ...(this.applied ? { requestIds: this.applied.requestIds } : {}),
    };
  }

  private tryLogin(password: string): Promise<LoginOutcome> {
    return this.tryLoginAs(this.ref, password);
  }

  private tryLoginAs(ref: AccountRef, password: string): Promise<LoginOutcome> {
    return this.context.checker.tryLogin(ref, password, { deadlineMs: this.context.loginDeadlineMs });
  }

  private secretFree(error: unknown): string {
    return errorText(error, [this.pending?.password, this.current?.password]);
  }

  private done(outcome: Outcome, step: Step, message: string): Done {
    const eventOutcome =
      outcome === 'skipped' ? 'skipped' : outcome === 'needs-attention' ? 'needs-attention' : 'failed';
    this.event(step, eventOutcome, { message });
    return {
      action: 'done',
      result: { account: this.ref.id, target: this.ref.target, outcome, step, resumed: this.resumed, message },
    };
  }

  private event(step: Step, outcome: RotationEvent['outcome'], extra: Partial<RotationEvent> = {}): void {
    this.context.emit({
      time: this.context.now().toISOString(),
      account: this.ref.id,
      target: this.ref.target,
      step,
      outcome,
      ...extra,
    });
  }
}
