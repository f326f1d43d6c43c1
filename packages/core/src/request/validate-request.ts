import type { JsonSchema, OperationDescriptor, PasswordPolicy } from '../client/service-descriptor.js';
import type { ValidationIssue } from '../errors/errors.js';
import { validatePassword } from '../passwords/password-policy.js';
import type { PreparedParams } from './prepare-request.js';

/*
 * Checks a request against the operation's schemas before anything is sent. It covers the JSON Schema
 * keywords the specs use (type, required, properties, additionalProperties, enum, const, minLength,
 * maxLength, pattern, format uuid, minimum, maximum, exclusiveMinimum, exclusiveMaximum, minItems, maxItems,
 * uniqueItems) plus dbpass's own extensions: x-password-policy, x-dbpass-unique-by and
 * x-dbpass-reserved-words. Messages name the rule, never the value.
 */

const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

type Schema = JsonSchema & {
  type?: string;
  required?: readonly string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: readonly unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  'x-password-policy'?: PasswordPolicy;
  'x-dbpass-unique-by'?: readonly string[];
  'x-dbpass-reserved-words'?: readonly string[];
};

const patterns = new Map<string, RegExp>();
const compiled = (pattern: string) => {
  let regex = patterns.get(pattern);
  if (!regex) {
    regex = new RegExp(pattern, 'u');
    patterns.set(pattern, regex);
  }
  return regex;
};

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return true;
  }
}

interface Walk {
  issues: ValidationIssue[];
  /** The object holding the value, for the password's user-name rule. */
  parent: Record<string, unknown> | undefined;
}

function validateValue(schema: Schema, value: unknown, field: string, walk: Walk): void {
  const issue = (rule: string, message: string) => walk.issues.push({ field, rule, message });
  if (schema.type && !typeMatches(schema.type, value)) {
    issue('type', `must be ${/^[aeiou]/.test(schema.type) ? 'an' : 'a'} ${schema.type}`);
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) issue('enum', `must be one of ${schema.enum.join(', ')}`);
  if ('const' in schema && value !== schema.const) issue('const', `must be ${String(schema.const)}`);

  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) issue('minimum', `must be at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) issue('maximum', `must be at most ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      issue('exclusiveMinimum', `must be more than ${schema.exclusiveMinimum}`);
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      issue('exclusiveMaximum', `must be less than ${schema.exclusiveMaximum}`);
  }

  if (typeof value === 'string') {
    const policy = schema['x-password-policy'];
    if (policy) {
      const userName = policy.notUserName ? walk.parent?.[policy.notUserName.field] : undefined;
      for (const violation of validatePassword(policy, value, {
        userName: typeof userName === 'string' ? userName : undefined,
      })) {
        issue(violation.rule, violation.message);
      }
      return; // the policy states the length rules itself, with better messages
    }
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength)
      issue('minLength', `must be at least ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && length > schema.maxLength)
      issue('maxLength', `must be at most ${schema.maxLength} characters`);
    if (schema.pattern !== undefined && !compiled(schema.pattern).test(value))
      issue('pattern', `must match ${schema.pattern}`);
    if (schema.format === 'uuid' && !UUID.test(value)) issue('format', 'must be a UUID');
    const reserved = schema['x-dbpass-reserved-words'];
    if (reserved?.some((word) => word.toLowerCase() === value.toLowerCase())) {
      issue('reserved-word', `must not be a reserved name (${reserved.join(', ')}; case-insensitive)`);
    }
  }

  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      issue(
        'minItems',
        `must have at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'} (has ${value.length})`,
      );
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      issue('maxItems', `must have at most ${schema.maxItems} items (has ${value.length})`);
    const uniqueBy = schema['x-dbpass-unique-by'];
    const seen = new Map<string, number>();
    const seenItems = new Map<string, number>();
    value.forEach((item, index) => {
      if (schema.uniqueItems) {
        const key = canonicalJson(item);
        const first = seenItems.get(key);
        if (first === undefined) seenItems.set(key, index);
        else
          walk.issues.push({
            field: `${field}[${index}]`,
            rule: 'uniqueItems',
            message: `repeats ${field}[${first}] (items must be unique)`,
          });
      }
      if (schema.items)
        validateValue(schema.items, item, `${field}[${index}]`, { issues: walk.issues, parent: undefined });
      if (uniqueBy && item && typeof item === 'object') {
        const key = JSON.stringify(uniqueBy.map((name) => (item as Record<string, unknown>)[name]));
        const first = seen.get(key);
        if (first === undefined) seen.set(key, index);
        else
          walk.issues.push({
            field: `${field}[${index}]`,
            rule: 'duplicate',
            message: `repeats ${uniqueBy.join(' and ')} of ${field}[${first}]`,
          });
      }
    });
  }

  if (typeMatches('object', value) && (schema.properties || schema.required || schema.additionalProperties === false)) {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (object[name] === undefined)
        walk.issues.push({ field: join(field, name), rule: 'required', message: 'is required' });
    }
    for (const [name, propertyValue] of Object.entries(object)) {
      const propertySchema = schema.properties?.[name];
      if (propertySchema) {
        if (propertyValue !== undefined)
          validateValue(propertySchema, propertyValue, join(field, name), { issues: walk.issues, parent: object });
      } else if (schema.additionalProperties === false) {
        walk.issues.push({ field: join(field, name), rule: 'additionalProperties', message: 'is not a known field' });
      }
    }
  }
}

/** JSON with object keys sorted, so that two equal values (JSON Schema equality) give the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'undefined';
}

const join = (field: string, name: string) => (field ? `${field}.${name}` : name);

/** Every rule the request breaks; empty when it may be sent. */
export function validateRequest(
  operation: OperationDescriptor,
  params: PreparedParams,
  body: unknown,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const parameter of operation.parameters) {
    if (parameter.in === 'cookie' || parameter.setBy) continue;
    const field = `${parameter.in}.${parameter.name}`;
    const value = params[parameter.in][parameter.name];
    if (value === undefined) {
      if (parameter.required) {
        const hint = parameter.default === 'projectId' ? " (or set the client's projectId)" : '';
        issues.push({ field, rule: 'required', message: `is required${hint}` });
      }
      continue;
    }
    validateValue(parameter.schema as Schema, value, field, { issues, parent: undefined });
  }
  if (operation.body) {
    if (body === undefined) {
      if (operation.body.required) issues.push({ field: 'body', rule: 'required', message: 'is required' });
    } else {
      validateValue(operation.body.schema as Schema, body, 'body', { issues, parent: undefined });
    }
  }
  return issues;
}
