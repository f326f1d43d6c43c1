import { listOperations } from './list-operations.js';
import { type PasswordPolicy, policyMarkdown } from './policy-rules.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function appendToDescription(node: JsonObject, markdown: string): void {
  const current = typeof node.description === 'string' ? node.description.trimEnd() : '';
  node.description = current ? `${current}\n\n${markdown}` : markdown;
}

/** Appends the rule list to the description of every schema carrying `x-password-policy`; returns how many. */
function describePolicies(node: Json, seen = new Set<Json>()): number {
  if (typeof node !== 'object' || node === null || seen.has(node)) return 0;
  seen.add(node);
  let count = 0;
  if (isObject(node) && isObject(node['x-password-policy'])) {
    appendToDescription(node, policyMarkdown(node['x-password-policy'] as unknown as PasswordPolicy));
    count += 1;
  }
  for (const child of Array.isArray(node) ? node : Object.values(node)) count += describePolicies(child, seen);
  return count;
}

/**
 * The bundled spec as the portal shows it: each password property's description ends with its policy as a
 * rule list, and each operation's says which client method calls it (which also makes the operationId
 * searchable). The input is not changed.
 */
export function decorateSpec(spec: JsonObject, packageName: string): { spec: JsonObject; passwordFields: number } {
  const copy = structuredClone(spec);
  const passwordFields = describePolicies(copy);
  const paths = isObject(copy.paths) ? copy.paths : {};
  for (const operation of listOperations(copy as { paths?: Record<string, Record<string, unknown>> })) {
    const target = (paths[operation.path] as JsonObject)[operation.method.toLowerCase()] as JsonObject;
    appendToDescription(
      target,
      `**In the SDK:** \`${operation.clientMethod}()\` of \`${packageName}\` (operation \`${operation.operationId}\`).`,
    );
  }
  return { spec: copy, passwordFields };
}
