import { expect } from 'vitest';
import { parsePlan } from '../src/plan/load-plan.js';
import { PlanError, type PlanIssue } from '../src/plan/plan.js';

/** The issues a plan's text is refused with (it must be refused). */
export function issuesOf(text: string): readonly PlanIssue[] {
  try {
    parsePlan(text, 'plan.yaml', '/plans');
  } catch (error) {
    expect(error).toBeInstanceOf(PlanError);
    return (error as PlanError).issues;
  }
  throw new Error('expected the plan to be refused');
}
