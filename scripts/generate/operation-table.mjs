// Turns a dereferenced spec into the data the runtime needs: servers, security, and per operation the
// method, path, parameters and body with their JSON Schemas (documentation stripped), and password policies.

const DOC_ONLY_KEYS = new Set(['description', 'summary', 'example', 'examples', 'title', 'externalDocs', 'sources']);

/** A schema with documentation-only keys removed (they are in the spec and the docs, not the runtime). */
export function runtimeSchema(node) {
  if (Array.isArray(node)) return node.map(runtimeSchema);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (DOC_ONLY_KEYS.has(key)) continue;
    out[key] = key === 'properties' ? mapValues(value, runtimeSchema) : runtimeSchema(value);
  }
  return out;
}

function mapValues(object, fn) {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, fn(value)]));
}

/** Every password policy in a body schema, keyed by its property path (`password`, `users[].password`). */
export function passwordPolicies(schema, prefix = '') {
  const found = {};
  if (!schema || typeof schema !== 'object') return found;
  if (schema['x-password-policy']) found[prefix] = runtimeSchema(schema['x-password-policy']);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    Object.assign(found, passwordPolicies(property, prefix ? `${prefix}.${name}` : name));
  }
  if (schema.items) Object.assign(found, passwordPolicies(schema.items, `${prefix}[]`));
  return found;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

export function operationTable(spec) {
  const operations = {};
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) => ({
        name: parameter.name,
        in: parameter.in,
        required: parameter.required === true,
        ...(parameter['x-dbpass-default'] ? { default: parameter['x-dbpass-default'] } : {}),
        ...(parameter['x-dbpass-set-by'] ? { setBy: parameter['x-dbpass-set-by'] } : {}),
        schema: runtimeSchema(parameter.schema),
      }));
      const content = operation.requestBody?.content?.['application/json'];
      const successStatus = Number(Object.keys(operation.responses).find((status) => /^2/.test(status)));
      operations[operation.operationId] = {
        method,
        path,
        successStatus,
        idempotent: operation['x-dbpass-idempotent'] ?? method !== 'post',
        parameters,
        ...(content
          ? { body: { required: operation.requestBody.required === true, schema: runtimeSchema(content.schema) } }
          : {}),
        passwordPolicies: content ? passwordPolicies(content.schema) : {},
      };
    }
  }
  return operations;
}

export function serviceDescriptor(api, spec) {
  return {
    name: api.name,
    title: spec.info.title,
    servers: spec.servers
      .map((server) => runtimeSchema(server))
      .map((server) => ({
        ...server,
        ...(server.variables
          ? {
              variables: mapValues(server.variables, ({ enum: values, default: fallback }) => ({
                default: fallback,
                ...(values ? { enum: values } : {}),
              })),
            }
          : {}),
      })),
    security: securitySchemes(spec),
    ...(spec['x-dbpass-iam'] ? { iam: runtimeSchema(spec['x-dbpass-iam']) } : {}),
    ...(spec['x-dbpass-error-codes'] ? { errors: errorsDescriptor(spec) } : {}),
    ...(spec['x-dbpass-envelope'] ? { envelope: envelopeDescriptor(spec['x-dbpass-envelope']) } : {}),
    operations: operationTable(spec),
  };
}

/** The auth schemes the spec's `security` accepts (the root requirement and any operation's), in order. */
export function securitySchemes(spec) {
  const requirements = [...(spec.security ?? [])];
  for (const item of Object.values(spec.paths ?? {})) {
    for (const method of METHODS) requirements.push(...(item[method]?.security ?? []));
  }
  const names = [...new Set(requirements.flatMap((requirement) => Object.keys(requirement)))];
  const unknown = names.filter((name) => !spec.components?.securitySchemes?.[name]);
  if (unknown.length > 0) throw new Error(`security names undefined schemes: ${unknown.join(', ')}`);
  return names;
}

/** The classes `x-dbpass-error-codes` may sort codes into: core's error classes of a definite failure. */
export const ERROR_CLASSES = new Set([
  'BadRequestError',
  'AuthenticationError',
  'PermissionError',
  'NotFoundError',
  'ConflictError',
  'ThrottlingError',
  'ServerError',
]);

/**
 * `x-dbpass-error-codes` (class -> codes) as the spec has it (a class name once, not once per code: a
 * smaller bundle), checked: known classes, no code under two; and `x-dbpass-transient-codes`.
 */
export function errorsDescriptor(spec) {
  const classOf = {};
  const byClass = {};
  for (const [errorClass, list] of Object.entries(spec['x-dbpass-error-codes'])) {
    if (!ERROR_CLASSES.has(errorClass))
      throw new Error(`x-dbpass-error-codes: unknown class ${errorClass} (one of ${[...ERROR_CLASSES].join(', ')})`);
    for (const code of list) {
      if (classOf[code])
        throw new Error(`x-dbpass-error-codes: ${code} is listed under ${classOf[code]} and ${errorClass}`);
      classOf[code] = errorClass;
    }
    byClass[errorClass] = [...list];
  }
  return { codes: byClass, transient: [...(spec['x-dbpass-transient-codes'] ?? [])] };
}

/** `x-dbpass-envelope`: the field of a 2xx body whose value says the call failed. */
export function envelopeDescriptor(envelope) {
  if (typeof envelope.field !== 'string' || !['string', 'number', 'boolean'].includes(typeof envelope.failure)) {
    throw new Error('x-dbpass-envelope needs `field` (a string) and `failure` (a string, number or boolean)');
  }
  return { field: envelope.field, failure: envelope.failure };
}
