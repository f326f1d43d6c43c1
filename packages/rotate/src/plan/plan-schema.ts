import { TARGET_SCHEMAS } from '../kinds/registry.js';
import { connectionSchema } from './connection-schema.js';
import { duration, envName, name } from './schema-parts.js';

/** The embedded, encrypted file store. */
const fileStore = {
  type: 'object',
  additionalProperties: false,
  required: ['file'],
  properties: { file: { type: 'string', minLength: 1 }, keyEnv: envName, keyFile: { type: 'string', minLength: 1 } },
  oneOf: [{ required: ['keyEnv'] }, { required: ['keyFile'] }],
} as const;

/** Vault / OpenBao KV v2; the token is always read from an environment variable (VAULT_TOKEN unless tokenEnv). */
const vaultStore = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    address: { type: 'string', pattern: '^https?://' },
    mount: { type: 'string', pattern: '^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$' },
    path: { type: 'string', pattern: '^[A-Za-z0-9_.@-]+(/[A-Za-z0-9_.@-]+)*$' },
    /**
     * The KV field applications read CURRENT from (default `CURRENT`); PENDING and PREVIOUS sit beside it. `dbpass`
     * is the field of dbpass's own metadata.
     */
    field: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', maxLength: 100, not: { const: 'dbpass' } },
    /** The field of CURRENT's user, for accounts that alternate between two users (default `username`). */
    usernameField: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', maxLength: 100, not: { const: 'dbpass' } },
    tokenEnv: envName,
  },
} as const;

/** AWS Secrets Manager; credentials and region from the standard AWS chain unless region/endpoint are given. */
const awsStore = {
  type: 'object',
  additionalProperties: false,
  properties: {
    prefix: { type: 'string', pattern: '^[A-Za-z0-9/_+=.@-]*$', maxLength: 200 },
    region: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]+$' },
    endpoint: { type: 'string', pattern: '^https?://' },
    /** In a secret kept as JSON (AWS's database secret format), the key of the password (default `password`). */
    field: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', maxLength: 100 },
    /** In a JSON secret, the key of CURRENT's user, for accounts that alternate between two users (default `username`). */
    usernameField: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', maxLength: 100 },
  },
} as const;

const kubernetesName = {
  type: 'string',
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
  maxLength: 253,
} as const;

/** Kubernetes Secrets: one Secret per target in `namespace` (named as the target unless `secrets` says otherwise). */
const kubernetesStore = {
  type: 'object',
  additionalProperties: false,
  required: ['namespace'],
  properties: {
    namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
    /** Secret name per target name; a target without one uses its own name. */
    secrets: { type: 'object', propertyNames: name, additionalProperties: kubernetesName },
    /** The data key of CURRENT (default `password`); PENDING and PREVIOUS sit beside it. */
    key: { type: 'string', pattern: '^[-._a-zA-Z0-9]+$', maxLength: 200 },
    /** The data key of CURRENT's user, for accounts that alternate between two users (default `username`). */
    usernameKey: { type: 'string', pattern: '^[-._a-zA-Z0-9]+$', maxLength: 200 },
    kubeconfig: { type: 'string', minLength: 1 },
    context: { type: 'string', minLength: 1 },
  },
} as const;

/**
 * JSON Schema of a rotation plan (YAML), declared `as const`: the plan's types are read from it. Secrets are never
 * inline: credentials and keys are named by environment variable. Each account kind declares its own target forms.
 */
export const planSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'dbpass rotation plan',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'store', 'connections', 'targets'],
  properties: {
    version: { const: 1 },
    store: {
      type: 'object',
      oneOf: [
        fileStore,
        { type: 'object', additionalProperties: false, required: ['vault'], properties: { vault: vaultStore } },
        { type: 'object', additionalProperties: false, required: ['aws'], properties: { aws: awsStore } },
        {
          type: 'object',
          additionalProperties: false,
          required: ['kubernetes'],
          properties: { kubernetes: kubernetesStore },
        },
      ],
    },
    audit: { type: 'string', minLength: 1 },
    verifier: {
      type: 'object',
      additionalProperties: false,
      properties: { module: { type: 'string', minLength: 1 } },
    },
    concurrency: { type: 'integer', minimum: 1, maximum: 256 },
    /** How TaurusDB db-user jobs are waited for. */
    jobs: {
      type: 'object',
      additionalProperties: false,
      properties: { pollIntervalMs: { type: 'integer', minimum: 10 }, timeoutMs: { type: 'integer', minimum: 1000 } },
    },
    period: duration,
    /** The store's run lock: how long a lease lasts unless renewed (default 120 s). */
    lock: {
      type: 'object',
      additionalProperties: false,
      properties: {
        leaseMs: {
          type: 'integer',
          minimum: 3000,
          maximum: 3_600_000,
          description:
            "how long the store's run lock stays held by a run that stopped renewing it (killed, evicted, partitioned) before another run takes it over; default 120000",
        },
      },
    },
    connections: {
      type: 'object',
      minProperties: 1,
      propertyNames: name,
      additionalProperties: connectionSchema,
    },
    targets: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['kind'],
        discriminator: { propertyName: 'kind' },
        oneOf: TARGET_SCHEMAS,
      },
    },
  },
} as const;
