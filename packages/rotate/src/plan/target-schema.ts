import { duration, instanceId, name, user, verify } from './schema-parts.js';

/** What every target has, whatever its kind. */
const common = {
  name,
  connection: name,
  instanceId,
  verify,
  period: duration,
  manual: { type: 'boolean' },
  strategy: {
    enum: ['single', 'alternating'],
    description:
      'single (default): one user, whose password changes; alternating: two users with the same privileges, each rotation changes the one applications are not using',
  },
  twin: { ...user, description: 'alternating: the second user (default <user>_clone)' },
  password: {
    type: 'object',
    additionalProperties: false,
    properties: { length: { type: 'integer', minimum: 1 }, exclude: { type: 'string' } },
  },
} as const;

/**
 * The schema of one form of target (`kind: <kind>` with its own properties): an account kind declares its forms
 * with this, and the plan's schema takes them from the registry of kinds.
 */
export const targetSchema = <
  const Kind extends string,
  const Extra extends object,
  const Required extends readonly (keyof Extra & string)[],
>(
  kind: Kind,
  extra: Extra,
  required: Required,
) =>
  ({
    type: 'object',
    additionalProperties: false,
    required: ['name', 'kind', 'connection', 'instanceId', 'verify', ...required],
    properties: { kind: { const: kind }, ...common, ...extra },
  }) as const;
