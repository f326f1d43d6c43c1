/** Pieces of the plan's JSON Schema that the plan and the account kinds' target fragments share. */
export const envName = {
  type: 'string',
  pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
  description: 'the NAME of an environment variable (never the secret itself)',
} as const;
export const duration = {
  type: 'string',
  pattern: '^[1-9][0-9]*(m|h|d)$',
  description: 'a duration such as 90m, 12h or 30d',
} as const;
export const name = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$', maxLength: 100 } as const;
export const instanceId = { type: 'string', minLength: 1, maxLength: 64 } as const;
export const user = { type: 'string', minLength: 1, maxLength: 64 } as const;
/** A MySQL host pattern (`%`, `10.10.10.%`). */
export const host = { type: 'string', minLength: 1 } as const;

export const tls = {
  type: 'object',
  additionalProperties: false,
  required: ['mode'],
  properties: {
    /** `disabled`: plain; `required`: encrypted, certificate not checked; `verify-ca` / `verify-full`: checked (full: host name too). */
    mode: { enum: ['disabled', 'required', 'verify-ca', 'verify-full'] },
    /** PEM file of the CA to trust, instead of the system's. */
    caFile: { type: 'string', minLength: 1 },
    /** Host name to check the certificate against, when it differs from the address's. */
    serverName: { type: 'string', minLength: 1 },
  },
} as const;

export const loginName = {
  enum: ['plain', 'tenant', 'proxy', 'proxy-colon'],
  description: 'OceanBase: user, user@tenant, user@tenant#cluster or cluster:tenant:user',
} as const;

export const verify = {
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
        loginName,
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
} as const;
