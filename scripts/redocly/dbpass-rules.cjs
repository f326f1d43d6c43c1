// Redocly lint rules of our own (see redocly.yaml). Each rule is a visitor; one job each.
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const Ajv2020 = require('ajv/dist/2020').default;

const policySchemaPath = path.join(__dirname, '../../specs/_shared/password-policy.schema.yaml');
const validatePolicy = new Ajv2020({ allErrors: true }).compile(YAML.parse(fs.readFileSync(policySchemaPath, 'utf8')));

const isPasswordName = (name) => /password/i.test(name);

function resolved(ctx, node) {
  return node?.$ref ? ctx.resolve(node).node : node;
}

/** Every request body and every response with content shows at least one example. */
function OperationHasExample() {
  return {
    Operation(operation, ctx) {
      const body = resolved(ctx, operation.requestBody);
      for (const [type, media] of Object.entries(body?.content ?? {})) {
        if (!media.example && !media.examples) {
          ctx.report({
            message: `Request body ${type} has no example.`,
            location: ctx.location.child(['requestBody', 'content', type]),
          });
        }
      }
      for (const [status, ref] of Object.entries(operation.responses ?? {})) {
        const response = resolved(ctx, ref);
        for (const [type, media] of Object.entries(response?.content ?? {})) {
          if (!media.example && !media.examples) {
            ctx.report({
              message: `Response ${status} ${type} has no example.`,
              location: ctx.location.child(['responses', status]),
            });
          }
        }
      }
    },
  };
}

/** Every operation has exactly one tag (operation-singular-tag checks "at most one"). */
function OperationHasTag() {
  return {
    Operation(operation, ctx) {
      if (!Array.isArray(operation.tags) || operation.tags.length === 0) {
        ctx.report({ message: 'Operation has no tag.', location: ctx.location.key() });
      }
    },
  };
}

/** Every 4xx/5xx response has a JSON body with a schema (each cloud's error format). */
function ErrorResponsesHaveBody() {
  return {
    Operation(operation, ctx) {
      for (const [status, ref] of Object.entries(operation.responses ?? {})) {
        if (!/^[45]/.test(status)) continue;
        const response = resolved(ctx, ref);
        if (!response?.content?.['application/json']?.schema) {
          ctx.report({
            message: `Error response ${status} has no application/json schema.`,
            location: ctx.location.child(['responses', status]),
          });
        }
      }
    },
  };
}

/**
 * Every string property whose name says "password" carries `x-password-policy`, the policy is valid
 * against specs/_shared/password-policy.schema.yaml, agrees with the property's own length limits, and
 * names an existing sibling for its user-name rule.
 */
function PasswordHasPolicy() {
  return {
    Schema(schema, ctx) {
      const properties = schema.properties ?? {};
      for (const [name, ref] of Object.entries(properties)) {
        if (!isPasswordName(name)) continue;
        const property = resolved(ctx, ref);
        if (property?.type !== 'string') continue;
        const where = ctx.location.child(['properties', name]);
        const policy = property['x-password-policy'];
        if (!policy) {
          ctx.report({ message: `Password property "${name}" has no x-password-policy.`, location: where });
          continue;
        }
        if (!validatePolicy(policy)) {
          for (const error of validatePolicy.errors) {
            ctx.report({
              message: `x-password-policy of "${name}" ${error.instancePath || '(root)'} ${error.message}.`,
              location: where.child('x-password-policy'),
            });
          }
          continue;
        }
        if (policy.minLength !== property.minLength || policy.maxLength !== property.maxLength) {
          ctx.report({
            message: `x-password-policy of "${name}" has lengths ${policy.minLength}-${policy.maxLength} but the schema has ${property.minLength}-${property.maxLength}.`,
            location: where,
          });
        }
        if (policy.notUserName && !(policy.notUserName.field in properties)) {
          ctx.report({
            message: `x-password-policy of "${name}" names user field "${policy.notUserName.field}", which is not a sibling property.`,
            location: where,
          });
        }
        if (property.writeOnly !== true) {
          ctx.report({ message: `Password property "${name}" is not writeOnly.`, location: where });
        }
      }
    },
  };
}

module.exports = function dbpassRules() {
  return {
    id: 'dbpass',
    rules: {
      oas3: {
        'operation-has-example': OperationHasExample,
        'operation-has-tag': OperationHasTag,
        'error-responses-have-body': ErrorResponsesHaveBody,
        'password-has-policy': PasswordHasPolicy,
      },
    },
  };
};
