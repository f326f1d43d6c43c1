import type { ValidationIssue } from '@dbpass/client-taurusdb';
import { fillPath, validateRequest } from '@dbpass/core';
import type { AccountRef } from '../account-ref.js';
import { kindOf } from '../kinds/registry.js';
import { ownValue } from '../secret-store/own-record.js';
import type { MeaningIssue } from './check-plan-meaning.js';
import { expandTargets } from './expand-targets.js';
import type { Plan } from './plan.js';

type Params = Parameters<typeof validateRequest>[1];

/** The request that sets an account's password, without it (checked apart, by the spec's policy). */
export interface SetRequest {
  readonly operationId: string;
  readonly operation: Parameters<typeof validateRequest>[0];
  readonly params: Params;
  readonly body: unknown;
}

const aboutThePassword = (issue: ValidationIssue) => /password$/i.test(issue.field);

/** The request that sets an account's password (without it), as the plan describes the account. */
export const setRequestOf = (ref: AccountRef, projectId: string): SetRequest => kindOf(ref).setRequest(ref, projectId);

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
    const { ref } = account;
    const users = kindOf(ref).users;
    // An alternating account's twin is created through the kind's create operation: its name must pass that too.
    const requests = [
      setRequestOf(ref, connection.projectId),
      ...(ref.twin === undefined || !users
        ? []
        : [users.createRequest({ ...ref, userName: ref.twin }, connection.projectId)]),
    ];
    return requests.flatMap((request) =>
      [...validateRequest(request.operation, request.params, request.body), ...pathIssues(request)]
        .filter((issue) => !aboutThePassword(issue))
        .map((issue) => ({
          pointer: `/targets/${account.targetIndex}`,
          target: ref.target,
          rule: `spec-${issue.rule}`,
          message: `${ref.id}: ${request.operationId} would be refused: ${issue.field} ${issue.message}`,
        })),
    );
  });
}
