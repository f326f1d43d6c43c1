/** JSON Schema of a rotation plan (YAML). Secrets are never inline: credentials and keys are named by environment variable. */
const envName = {
  type: 'string',
  pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
  description: 'the NAME of an environment variable (never the secret itself)',
};
const duration = { type: 'string', pattern: '^[1-9][0-9]*(m|h|d)$', description: 'a duration such as 90m, 12h or 30d' };
const name = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$', maxLength: 100 };
const instanceId = { type: 'string', minLength: 1, maxLength: 64 };
const user = { type: 'string', minLength: 1, maxLength: 64 };

const tls = {
  type: 'object',
  additionalProperties: false,
  required: ['mode'],
  properties: {
    mode: { enum: ['disabled', 'required', 'verify-ca', 'verify-full'] },
    caFile: { type: 'string', minLength: 1 },
    serverName: { type: 'string', minLength: 1 },
  },
};

const verify = {
  type: 'object',
  required: ['by'],
  discriminator: { propertyName: 'by' },
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['by', 'address'],
      properties: {
        by: { const: 'login' },
        address: { type: 'string', pattern: '^(\\[[0-9a-fA-F:]+\\]|[A-Za-z0-9.-]+):[0-9]{1,5}$' },
        tls,
        loginName: {
          enum: ['plain', 'tenant', 'proxy', 'proxy-colon'],
          description: 'OceanBase: user, user@tenant, user@tenant#cluster or cluster:tenant:user',
        },
        proxySource: {
          type: 'string',
          pattern: '^[0-9]{1,3}(\\.[0-9]{1,3}){3}$',
          description:
            "only for a database that trusts this host's PROXY protocol headers (the local twin): the client address to claim",
        },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['by', 'reason'],
      properties: { by: { const: 'api' }, reason: { type: 'string', minLength: 3 } },
    },
  ],
};

const common = {
  name,
  connection: name,
  instanceId,
  verify,
  period: duration,
  manual: { type: 'boolean' },
  password: {
    type: 'object',
    additionalProperties: false,
    properties: { length: { type: 'integer', minimum: 1 }, exclude: { type: 'string' } },
  },
};

const target = (kind: string, extra: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  additionalProperties: false,
  required: ['name', 'kind', 'connection', 'instanceId', 'verify', ...required],
  properties: { kind: { const: kind }, ...common, ...extra },
});

const fileStore = {
  type: 'object',
  additionalProperties: false,
  required: ['file'],
  properties: { file: { type: 'string', minLength: 1 }, keyEnv: envName, keyFile: { type: 'string', minLength: 1 } },
  oneOf: [{ required: ['keyEnv'] }, { required: ['keyFile'] }],
};

/** Vault / OpenBao KV v2; the token is always read from an environment variable (VAULT_TOKEN unless tokenEnv). */
const vaultStore = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    address: { type: 'string', pattern: '^https?://' },
    mount: { type: 'string', pattern: '^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$' },
    path: { type: 'string', pattern: '^[A-Za-z0-9_.@-]+(/[A-Za-z0-9_.@-]+)*$' },
    /** `dbpass` is the field of dbpass's own metadata. */
    field: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', maxLength: 100, not: { const: 'dbpass' } },
    tokenEnv: envName,
  },
};

/** AWS Secrets Manager; credentials and region from the standard AWS chain unless region/endpoint are given. */
const awsStore = {
  type: 'object',
  additionalProperties: false,
  properties: {
    prefix: { type: 'string', pattern: '^[A-Za-z0-9/_+=.@-]*$', maxLength: 200 },
    region: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]+$' },
    endpoint: { type: 'string', pattern: '^https?://' },
    field: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', maxLength: 100 },
  },
};

const kubernetesName = {
  type: 'string',
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
  maxLength: 253,
};

/** Kubernetes Secrets: one Secret per target in `namespace` (named as the target unless `secrets` says otherwise). */
const kubernetesStore = {
  type: 'object',
  additionalProperties: false,
  required: ['namespace'],
  properties: {
    namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
    secrets: { type: 'object', propertyNames: name, additionalProperties: kubernetesName },
    key: { type: 'string', pattern: '^[-._a-zA-Z0-9]+$', maxLength: 200 },
    kubeconfig: { type: 'string', minLength: 1 },
    context: { type: 'string', minLength: 1 },
  },
};

/** A connection of one cloud: region or endpoint, project, credentials as environment variable names. */
const connection = (
  cloud: string,
  region: object,
  projectIdPattern: string,
  credentials: string[],
  optionalCredentials: string[],
) => ({
  type: 'object',
  additionalProperties: false,
  required: ['cloud', 'projectId', 'credentials'],
  properties: {
    cloud: { const: cloud },
    region,
    endpoint: { type: 'string', pattern: '^https?://' },
    projectId: { type: 'string', pattern: projectIdPattern },
    credentials: {
      type: 'object',
      additionalProperties: false,
      required: credentials,
      properties: Object.fromEntries([...credentials, ...optionalCredentials].map((name) => [name, envName])),
    },
    requestsPerSecond: { type: 'number', exclusiveMinimum: 0 },
  },
  oneOf: [{ required: ['region'] }, { required: ['endpoint'] }],
});

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
    jobs: {
      type: 'object',
      additionalProperties: false,
      properties: { pollIntervalMs: { type: 'integer', minimum: 10 }, timeoutMs: { type: 'integer', minimum: 1000 } },
    },
    period: duration,
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
      additionalProperties: {
        type: 'object',
        required: ['cloud'],
        discriminator: { propertyName: 'cloud' },
        oneOf: [
          connection(
            'huawei',
            { type: 'string', pattern: '^[a-z]{2}-[a-z0-9-]+$' },
            '^[A-Za-z0-9]{32}$',
            ['accessKeyEnv', 'secretKeyEnv'],
            ['securityTokenEnv'],
          ),
          connection(
            'oceanbase',
            { type: 'string', minLength: 1 },
            '^[A-Za-z0-9_-]{1,64}$',
            ['accessKeyIdEnv', 'accessKeySecretEnv'],
            [],
          ),
        ],
      },
    },
    targets: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['kind'],
        discriminator: { propertyName: 'kind' },
        oneOf: [
          target('taurusdb-root', {}, []),
          target('taurusdb-db-user', { user, host: { type: 'string', minLength: 1 } }, ['user']),
          target(
            'taurusdb-db-users',
            {
              users: {
                type: 'array',
                minItems: 1,
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['user'],
                  properties: { user, host: { type: 'string', minLength: 1 } },
                },
              },
            },
            ['users'],
          ),
          target('starrocks', { user }, ['user']),
          target('clickhouse', { user }, ['user']),
          target('oceanbase-tenant-user', { tenantId: instanceId, user }, ['tenantId', 'user']),
        ],
      },
    },
  },
} as const;
