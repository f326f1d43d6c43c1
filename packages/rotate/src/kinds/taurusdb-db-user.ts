import { passwordPolicies } from '@dbpass/client-taurusdb';
import { host, user } from '../plan/schema-parts.js';
import { targetSchema } from '../plan/target-schema.js';
import { defineKind, targetForm } from './account-kind.js';
import { huaweiSetRequest, probeHuaweiInstance, taurusOf } from './huawei-api.js';
import { identityOf } from './kind-defaults.js';
import { mysqlLogin } from './mysql-login.js';
import { waitForTaurusJob } from './taurus-job.js';
import { taurusDbUsers } from './taurusdb-users.js';

/** The largest batch one db-users job takes (the operation's documented limit). */
export const MAX_USERS_PER_JOB = 50;

const oneUser = targetSchema('taurusdb-db-user', { user, host }, ['user']);
const severalUsers = targetSchema(
  'taurusdb-db-users',
  {
    users: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['user'],
        properties: { user, host, twin: { ...user, description: "alternating: this user's twin" } },
      },
    },
  },
  ['users'],
);

/**
 * A database user of a TaurusDB instance (`user@host`). The users of one instance are set together, in one
 * ResetGaussMySqlDatabasePassword job per 50, which is waited for.
 */
export const taurusDbUser = defineKind({
  kind: 'taurusdb-db-user',
  cloud: 'huawei',
  targets: [
    targetForm(oneUser, (target) => [{ id: target.name, userName: target.user, host: target.host ?? '%' }]),
    targetForm(severalUsers, (target) =>
      target.users.map(({ user, host = '%', twin }) => ({
        id: `${target.name}/${user}@${host}`,
        userName: user,
        host,
        ...(twin === undefined ? {} : { twin }),
      })),
    ),
  ],
  policy: passwordPolicies.ResetGaussMySqlDatabasePassword['users[].password'],
  maxBatch: MAX_USERS_PER_JOB,
  loginOptions: ['proxySource'],
  batchKey: (ref) => ref.instanceId,
  identity: (ref) => identityOf(ref),
  setRequest: (ref, projectId) =>
    huaweiSetRequest('ResetGaussMySqlDatabasePassword', ref, projectId, {
      users: [{ name: ref.userName, host: ref.host ?? '%' }],
    }),
  async setBatch(clients, batch, context) {
    const taurus = taurusOf(clients);
    const users = batch.map((application) => ({
      name: application.ref.userName,
      host: application.ref.host ?? '%',
      password: application.password,
    }));
    const { job_id: jobId } = await taurus.resetGaussMySqlDatabasePassword({
      instance_id: batch[0].ref.instanceId,
      body: { users },
    });
    const job = await waitForTaurusJob(taurus, jobId, context);
    return { apiResult: `job ${job.status}`, jobId };
  },
  probeCredentials: probeHuaweiInstance,
  loginAs: (ref, login) => mysqlLogin(ref, login),
  users: taurusDbUsers,
});
