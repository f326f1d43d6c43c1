import {
  CreateSecretCommand,
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { StoreConflictError } from '../../secret-store/store-errors.js';
import type { LockSecret } from './label-lock.js';

/** The store's way of sending: an error named in `expected` resolves to undefined, any other is a typed store error. */
export type Send = <Output>(
  action: string,
  command: { readonly input: unknown } & object,
  expected: readonly string[],
) => Promise<Output | undefined>;

/** The lock's operations on secret `SecretId`, each one Secrets Manager call. */
export function lockSecret(SecretId: string, send: Send, where: string): LockSecret {
  // A move or removal naming a version the label is not on is refused with InvalidParameterException.
  const stage = (
    action: string,
    input: { VersionStage: string; RemoveFromVersionId: string; MoveToVersionId?: string },
  ) => send(action, new UpdateSecretVersionStageCommand({ SecretId, ...input }), ['InvalidParameterException']);
  return {
    describe: async () => {
      const described = await send<DescribeSecretCommandOutput>(
        'describe the lock',
        new DescribeSecretCommand({ SecretId }),
        ['ResourceNotFoundException'],
      );
      if (described?.DeletedDate)
        throw new StoreConflictError(`${where} is scheduled for deletion; restore it, or let the deletion finish`);
      return described ? (described.VersionIdsToStages ?? {}) : undefined;
    },
    text: async (VersionId) =>
      (
        await send<GetSecretValueCommandOutput>('read the lock', new GetSecretValueCommand({ SecretId, VersionId }), [
          'ResourceNotFoundException',
        ])
      )?.SecretString,
    create: async (ClientRequestToken, SecretString) => {
      const Description = "dbpass run lock: who holds it is in its versions' staging labels (no secret here)";
      await send(
        'create the lock',
        new CreateSecretCommand({ Name: SecretId, ClientRequestToken, SecretString, Description }),
        ['ResourceExistsException'],
      );
    },
    put: async (ClientRequestToken, SecretString, labels) => {
      await send(
        'set up the lock',
        new PutSecretValueCommand({ SecretId, ClientRequestToken, SecretString, VersionStages: [...labels] }),
        [],
      );
    },
    move: async (VersionStage, RemoveFromVersionId, MoveToVersionId) =>
      (await stage('move a lock label', { VersionStage, RemoveFromVersionId, MoveToVersionId })) !== undefined,
    attach: async (VersionStage, MoveToVersionId) => {
      await send(
        'label the lock',
        new UpdateSecretVersionStageCommand({ SecretId, VersionStage, MoveToVersionId }),
        [],
      );
    },
    remove: async (VersionStage, RemoveFromVersionId) => {
      await stage('remove a lock label', { VersionStage, RemoveFromVersionId });
    },
  };
}
