import { oceanBaseService } from '@dbpass/client-oceanbase';
import { taurusDbService, type ValidationIssue } from '@dbpass/client-taurusdb';
import { fillPath, validateRequest } from '@dbpass/core';
import type { AccountKind, AccountRef } from '../account-ref.js';
import { ownValue } from '../store/own-record.js';
import type { MeaningIssue } from './check-plan-meaning.js';
import { expandTargets } from './expand-targets.js';
import type { Plan } from './plan.js';

type Params = Parameters<typeof validateRequest>[1];

export interface SetRequest {
  readonly operationId: string;
  readonly operation: Parameters<typeof validateRequest>[0];
  readonly params: Params;
  readonly body: unknown;
}

const huawei = (
  operationId: keyof typeof taurusDbService.operations,
  ref: AccountRef,
  projectId: string,
  body: unknown,
) => ({
  operationId,
  operation: taurusDbService.operations[operationId],
  params: { path: { project_id: projectId, instance_id: ref.instanceId }, query: {}, header: {} },
  body,
});

/** The request that sets an account's password, without the password (checked apart, by the spec's policy). */
const SET_REQUEST: Record<AccountKind, (ref: AccountRef, projectId: string) => SetRequest> = {
  'taurusdb-root': (ref, projectId) => huawei('ResetGaussMySqlPassword', ref, projectId, {}),
  'taurusdb-db-user': (ref, projectId) =>
    huawei('ResetGaussMySqlDatabasePassword', ref, projectId, {
      users: [{ name: ref.userName, host: ref.host ?? '%' }],
    }),
  starrocks: (ref, projectId) =>
    huawei('UpdateStarRocksDatabaseUserPassword', ref, projectId, { user_name: ref.userName }),
  clickhouse: (ref, projectId) =>
    huawei('UpdateClickHouseDatabaseUserPassword', ref, projectId, { user_name: ref.userName }),
  'oceanbase-tenant-user': (ref, projectId) => ({
    operationId: 'ModifyTenantUserPassword',
    operation: oceanBaseService.operations.ModifyTenantUserPassword,
    params: {
      path: { instanceId: ref.instanceId, tenantId: ref.tenantId, userName: ref.userName },
      query: { requestId: '00000000-0000-4000-8000-000000000000' },
      header: { 'X-Ob-Project-Id': projectId },
    },
    body: {},
  }),
};

const aboutThePassword = (issue: ValidationIssue) => /password$/i.test(issue.field);

/** The request that sets an account's password (without it), as the plan describes the account. */
export const setRequestOf = (ref: AccountRef, projectId: string): SetRequest => SET_REQUEST[ref.kind](ref, projectId);

/** Path values that would not stay in their own segment (`..`): core refuses to build such a path, so does the plan. */
function pathIssues(request: SetRequest): readonly ValidationIssue[] {
  try {
    fillPath(request.operation.path, request.params.path, request.operationId);
    return [];
  } catch (error) {
    const issues = (error as { issues?: readonly ValidationIssue[] }).issues;
    if (issues) return issues;
    throw error;
  }
}

/**
 * Every account's set request checked against its operation's rules in the spec (user names, host patterns, ids)
 * when the plan is loaded: a name the API would refuse is found before any PENDING is stored, not by a failed job.
 */
export function setRequestIssues(plan: Plan): MeaningIssue[] {
  return expandTargets(plan).flatMap((account) => {
    const connection = ownValue(plan.connections, account.connection);
    if (!connection) return [];
    const request = setRequestOf(account.ref, connection.projectId);
    return [...validateRequest(request.operation, request.params, request.body), ...pathIssues(request)]
      .filter((issue) => !aboutThePassword(issue))
      .map((issue) => ({
        pointer: `/targets/${account.targetIndex}`,
        target: account.ref.target,
        rule: `spec-${issue.rule}`,
        message: `${account.ref.id}: ${request.operationId} would be refused: ${issue.field} ${issue.message}`,
      }));
  });
}
