import type { JobDurationEstimate, PasswordPolicy } from '@dbpass/client-taurusdb';
import type { AccountRef, Cloud, LoginAddress, OceanBaseLoginName } from '../account-ref.js';
import type { Checkpoint } from '../checkpoint.js';
import type { SchemaType } from '../plan/schema-type.js';
import type { SetRequest } from '../plan/set-request-issues.js';
import type { GroupClients } from '../protocol/connection-clients.js';

/** One password to set on one account. */
export interface Application {
  readonly ref: AccountRef;
  readonly password: string;
}

/** A set's accounts: at least one, at most the kind's `maxBatch`, all with one batch key. */
export type Batch = readonly [Application, ...Application[]];

/** What the cloud answered for a set that succeeded: the API-level evidence. */
export interface Applied {
  readonly apiResult: string;
  readonly jobId?: string;
}

export interface JobWaitOptions {
  /** First job poll interval (default 1 s). */
  readonly intervalMs?: number | undefined;
  readonly timeoutMs?: number | undefined;
  /**
   * Shared by the jobs of one connection: one job's progress tells the others when to poll (waitForJob's
   * `estimate`).
   */
  readonly estimate?: JobDurationEstimate | undefined;
}

/** What a set may use beside the clients: the run's checkpoints, and how a job it starts is waited for. */
export interface SetContext {
  readonly checkpoint: Checkpoint;
  readonly jobWait: JobWaitOptions;
}

/** What an account of a target has of its own; the rest of its AccountRef comes from the target and the kind. */
export interface KindAccount {
  readonly id: string;
  readonly userName: string;
  readonly host?: string;
  readonly tenantId?: string;
  /** The plan's name for the account's twin (the `alternating` strategy), when it gives one. */
  readonly twin?: string;
}

/** One form of target a kind reads from the plan (`kind: <name>`): its schema fragment and the accounts it names. */
export interface TargetForm<Schema> {
  readonly schema: Schema;
  accounts(target: SchemaType<Schema>): readonly KindAccount[];
}

/** Any kind's target form, as the registry holds them. */
export interface AnyTargetForm {
  readonly schema: { readonly properties: { readonly kind: { readonly const: string } } };
  accounts(target: never): readonly KindAccount[];
}

/**
 * A user's privileges as the kind's API reads them: `grants` is one canonical line per grant, sorted (`app_db:
 * read-only`), so two users have the same privileges when their lists are equal; `raw` is the kind's own shape, as
 * its create and grant operations take it back.
 */
export interface UserPrivileges {
  readonly grants: readonly string[];
  readonly raw: unknown;
}

/** One user to create: its ref (`userName` is the new user's), first password and privileges. */
export interface NewUser extends Application {
  readonly privileges: UserPrivileges;
}

/**
 * What the `alternating` strategy needs from a kind: database users read, created and granted through the API. A
 * kind without it (the instance's root) cannot alternate.
 */
export interface UserManagement {
  /** The request that creates a user like `ref`, without its password: a twin's name is checked against the spec's rules with it. */
  createRequest(ref: AccountRef, projectId: string): SetRequest;
  /** The user's privileges, or undefined when the database has no such user (`ref.userName`, and `ref.host` for TaurusDB). */
  readPrivileges(clients: GroupClients, ref: AccountRef): Promise<UserPrivileges | undefined>;
  /**
   * The privileges of several users of one instance at once, in their order: for an API that can only list them
   * all, one pass for the users a group asks about together instead of one per user.
   */
  readManyPrivileges?(clients: GroupClients, refs: readonly AccountRef[]): Promise<(UserPrivileges | undefined)[]>;
  /**
   * Creates users with their first passwords and privileges, in one call or job (at most the kind's `maxBatch`, all
   * with one batch key), waited for; throws what the client throws (a ConflictError when one exists already).
   */
  createUsers(clients: GroupClients, users: readonly [NewUser, ...NewUser[]], context: SetContext): Promise<Applied>;
  /**
   * Gives the user `ref` the privileges `privileges` (read from another user): an API that only adds (TaurusDB)
   * adds what is missing, one that replaces (HTAP, OceanBase) sets exactly these. Waited for.
   */
  grant(clients: GroupClients, ref: AccountRef, privileges: UserPrivileges, context: SetContext): Promise<Applied>;
  /**
   * Grants to several users of one instance at once (at most the kind's `maxBatch`): for an API that takes them in
   * one job.
   */
  grantMany?(
    clients: GroupClients,
    grants: readonly [UserGrant, ...UserGrant[]],
    context: SetContext,
  ): Promise<Applied>;
}

/** Privileges to give one user. */
export interface UserGrant {
  readonly ref: AccountRef;
  readonly privileges: UserPrivileges;
}

/** Who a verifier logs in as, and over which protocol; the plan's address and TLS settings go beside it. */
export type KindLogin =
  | {
      readonly protocol: 'mysql';
      readonly user: string;
      readonly accountHost?: string;
      readonly proxySource?: string;
    }
  | { readonly protocol: 'clickhouse-http'; readonly user: string };

/** The login-name rules a verifier knows (`@dbpass/verify` has them). */
export interface LoginNames {
  oceanbaseLoginName(account: { userName: string; tenant: string; cluster: string }, form: OceanBaseLoginName): string;
}

/** The plan's `verify` settings that only some kinds' logins take. */
export type LoginOption = 'loginName' | 'proxySource';

/**
 * Everything specific to one kind of database account, as Vault's database plugins implement one interface per
 * engine: the plan, the policies, the fleet's batches, the plan checks and the verifier read a kind only through
 * this, from the registry. An operation a new strategy needs per kind (show a user's privileges, create a user,
 * grant) is one more method here and one in each kind's module.
 */
export interface AccountKindAdapter<
  Kind extends string = string,
  Forms extends readonly AnyTargetForm[] = readonly AnyTargetForm[],
> {
  /** The kind an AccountRef carries. */
  readonly kind: Kind;
  /** Whose API sets its passwords: its targets need a connection of that cloud. */
  readonly cloud: Cloud;
  /** The forms of target the plan names its accounts with, in the schema's order. */
  readonly targets: Forms;
  /** The spec's policy for the password field it is set through. */
  readonly policy: PasswordPolicy;
  /** The most accounts one set takes (1: each alone). */
  readonly maxBatch: number;
  /** The plan's optional login settings its login takes. */
  readonly loginOptions: readonly LoginOption[];
  /** Accounts of the kind under one connection with one batch key are set together, `maxBatch` at a time. */
  batchKey(ref: AccountRef): string;
  /** The database account a ref is: two refs with one identity are one account, whatever their targets call it. */
  identity(ref: AccountRef): string;
  /** The request that sets its password, without the password: the plan is checked against the spec's rules with it. */
  setRequest(ref: AccountRef, projectId: string): SetRequest;
  /** Sets a batch's passwords through the generated client and reads the answer's evidence; throws what the client throws. */
  setBatch(clients: GroupClients, batch: Batch, context: SetContext): Promise<Applied>;
  /** A read-only call that the cloud answers only for accepted credentials (`dbpass plan --check`). */
  probeCredentials(clients: GroupClients, ref: AccountRef): Promise<void>;
  /** Who a verifier logs in as. */
  loginAs(ref: AccountRef, login: LoginAddress, names: LoginNames): KindLogin;
  /**
   * Its engine accepts a new password only a while after the set (ClickHouse re-reads its users every few seconds):
   * accounts verified by login start early, so that the wait overlaps the rest of the run.
   */
  readonly acceptsNewPasswordLate?: boolean;
  /** Users read, created and granted through the API: present for a kind whose accounts may alternate with a twin. */
  readonly users?: UserManagement | undefined;
}

/** A kind's module declares itself with this (its name and forms keep their literal types, for the plan's types). */
export const defineKind = <const Kind extends string, const Forms extends readonly AnyTargetForm[]>(
  adapter: AccountKindAdapter<Kind, Forms>,
): AccountKindAdapter<Kind, Forms> => adapter;

/** A target form: `accounts` is typed by the schema fragment. */
export const targetForm = <const Schema>(
  schema: Schema,
  accounts: (target: SchemaType<Schema>) => readonly KindAccount[],
): TargetForm<Schema> => ({ schema, accounts });
