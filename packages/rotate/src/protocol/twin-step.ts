import DataLoader from 'dataloader';
import type { AccountRef } from '../account-ref.js';
import type { Checkpoint } from '../checkpoint.js';
import type {
  AccountKindAdapter,
  Applied,
  JobWaitOptions,
  NewUser,
  UserGrant,
  UserManagement,
  UserPrivileges,
} from '../kinds/account-kind.js';
import type { GroupClients } from './connection-clients.js';

/** The user-management calls the `alternating` strategy makes, bound to a group's clients; injected like the set. */
export interface TwinStep {
  readPrivileges(ref: AccountRef): Promise<UserPrivileges | undefined>;
  /**
   * Creates a user with its first password and privileges (waited for); `create:before` passes before it is sent. The
   * users a group asks for together are created in one call or job.
   */
  create(user: NewUser): Promise<Applied>;
  grant(ref: AccountRef, privileges: UserPrivileges): Promise<Applied>;
  /** Ids of the requests sent so far, in order (shared with the set step). */
  readonly requestIds: readonly string[];
}

/** A kind's user management through a group's clients, or undefined for a kind that cannot alternate. */
export function kindTwinStep(
  kind: AccountKindAdapter,
  clients: GroupClients,
  checkpoint: Checkpoint,
  jobWait: JobWaitOptions = {},
): TwinStep | undefined {
  const users: UserManagement | undefined = kind.users;
  if (!users) return undefined;
  const context = { checkpoint, jobWait };
  const readMany = users.readManyPrivileges;
  // The group's accounts ask in step (each its user, then each its twin): what they ask together is read in one
  // batch, never from a cache (a read after a grant must see it).
  const reader = readMany
    ? new DataLoader((refs: readonly AccountRef[]) => readMany(clients, refs), { cache: false })
    : undefined;
  const creator = together<NewUser>(kind.maxBatch, (newUsers) => users.createUsers(clients, newUsers, context));
  const grantMany = users.grantMany;
  const granter = grantMany && together<UserGrant>(kind.maxBatch, (grants) => grantMany(clients, grants, context));
  return {
    requestIds: clients.requestIds,
    readPrivileges: (ref) => (reader ? reader.load(ref) : users.readPrivileges(clients, ref)),
    create: (user) => creator.load(user),
    grant: (ref, privileges) =>
      granter ? granter.load({ ref, privileges }) : users.grant(clients, ref, privileges, context),
  };
}

/**
 * What a group asks for together, sent together (at most `maxBatch` in one call or job); when that fails, each
 * alone: one user refused (a name, a user that exists after all) must not fail the others.
 */
const together = <Item>(maxBatch: number, send: (items: readonly [Item, ...Item[]]) => Promise<Applied>) =>
  new DataLoader(
    async (items: readonly Item[]): Promise<(Applied | Error)[]> => {
      const [first, ...others] = items;
      try {
        const applied = await send([first!, ...others]);
        return items.map(() => applied);
      } catch (error) {
        if (others.length === 0) throw error;
        return Promise.all(items.map((item) => send([item]).catch((alone: unknown) => asError(alone))));
      }
    },
    { cache: false, maxBatchSize: maxBatch },
  );

const asError = (thrown: unknown): Error => (thrown instanceof Error ? thrown : new Error(String(thrown)));
