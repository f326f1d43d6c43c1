import { envName } from './schema-parts.js';

/** Credential properties, each the name of an environment variable. */
const envNames = <const Names extends readonly string[]>(names: Names) =>
  Object.fromEntries(names.map((name) => [name, envName])) as { readonly [Name in Names[number]]: typeof envName };

/** A connection of one cloud: region or endpoint, project, credentials as environment variable names. */
const connection = <
  const Cloud extends string,
  const Region extends object,
  const Credentials extends readonly string[],
  const OptionalCredentials extends readonly string[],
>(
  cloud: Cloud,
  region: Region,
  projectIdPattern: string,
  credentials: Credentials,
  optionalCredentials: OptionalCredentials,
) =>
  ({
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
        properties: envNames([...credentials, ...optionalCredentials]),
      },
      requestsPerSecond: { type: 'number', exclusiveMinimum: 0 },
    },
    oneOf: [{ required: ['region'] }, { required: ['endpoint'] }],
  }) as const;

/** A connection of the plan: one cloud's API, and the environment variables that hold its credentials. */
export const connectionSchema = {
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
} as const;
