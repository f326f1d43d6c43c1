import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { type Document, LineCounter, parseDocument } from 'yaml';
import { checkPlanMeaning } from './check-plan-meaning.js';
import { type Plan, PlanError, type PlanIssue, type StoreSpec } from './plan.js';
import { planSchema } from './plan-schema.js';

const validate = new Ajv({
  allErrors: true,
  discriminator: true,
  strict: true,
  strictRequired: false,
  verbose: true,
}).compile<Plan>(planSchema);

/** What a `oneOf` of alternatives means, by the property that holds it. */
const ONE_OF_MESSAGES: Record<string, string> = {
  store:
    'give one store: { file } with exactly one of keyEnv (an environment variable name) or keyFile, or { vault }, { aws } or { kubernetes }',
};
const CONNECTION_ONE_OF = 'give exactly one of region or endpoint';

type Segment = string | number;

const toSegments = (instancePath: string): Segment[] =>
  instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^[0-9]+$/.test(part) ? Number(part) : part));

export const formatPath = (segments: readonly Segment[]): string =>
  segments.reduce<string>(
    (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment),
    '',
  ) || '(plan)';

/** Where a path is in the YAML source: the deepest node of the path that exists. */
function locate(
  document: Document,
  lines: LineCounter,
  segments: readonly Segment[],
): { line?: number; column?: number } {
  for (let depth = segments.length; depth >= 0; depth--) {
    const node = document.getIn(segments.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const position = lines.linePos(node.range[0]);
      return { line: position.line, column: position.col };
    }
  }
  return {};
}

/** The values a discriminated `oneOf` accepts for its tag (the target kinds, the clouds), in schema order. */
const discriminatorValues = (schema: unknown, tag: string): string[] =>
  ((schema as { oneOf?: { properties?: Record<string, { const?: unknown }> }[] } | undefined)?.oneOf ?? [])
    .map((branch) => branch.properties?.[tag]?.const)
    .filter((value): value is string => typeof value === 'string');

function describeError(error: ErrorObject): { rule: string; message: string; segments: Segment[] } {
  const segments = toSegments(error.instancePath);
  const last = segments[segments.length - 1];
  switch (error.keyword) {
    case 'additionalProperties':
      return {
        rule: 'additionalProperties',
        message: `unknown property "${String(error.params.additionalProperty)}"`,
        segments: [...segments, String(error.params.additionalProperty)],
      };
    case 'required':
      return { rule: 'required', message: `"${String(error.params.missingProperty)}" is required`, segments };
    case 'oneOf': {
      const message =
        segments[0] === 'connections' && segments.length === 2
          ? CONNECTION_ONE_OF
          : (ONE_OF_MESSAGES[String(last)] ?? error.message ?? 'invalid');
      return { rule: 'oneOf', message, segments };
    }
    case 'discriminator': {
      const tag = String(error.params.tag);
      const values = discriminatorValues(error.parentSchema, tag);
      return {
        rule: 'discriminator',
        message: `"${tag}" must be one of ${values.length > 0 ? values.join(', ') : 'the known values'}`,
        segments: [...segments, tag],
      };
    }
    case 'pattern':
      return {
        rule: 'pattern',
        message: `${(error.parentSchema as { description?: string })?.description ?? `must match ${String(error.params.pattern)}`}`,
        segments,
      };
    default:
      return { rule: error.keyword, message: error.message ?? 'invalid', segments };
  }
}

/** Drops errors inside a failed `oneOf` (its branches' own complaints), keeping the one message that says what to do. */
function topErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const oneOfs = errors.filter((error) => error.keyword === 'oneOf').map((error) => error.schemaPath);
  return errors.filter(
    (error) =>
      !oneOfs.some((schemaPath) => error.schemaPath !== schemaPath && error.schemaPath.startsWith(`${schemaPath}/`)),
  );
}

const targetName = (data: unknown, segments: readonly Segment[]): string | undefined => {
  if (segments[0] !== 'targets' || typeof segments[1] !== 'number') return undefined;
  const name = (data as { targets?: Array<{ name?: unknown }> })?.targets?.[segments[1]]?.name;
  return typeof name === 'string' ? name : undefined;
};

function resolveStorePaths(store: StoreSpec, base: string): StoreSpec {
  if ('file' in store)
    return {
      ...store,
      file: path.resolve(base, store.file),
      ...(store.keyFile ? { keyFile: path.resolve(base, store.keyFile) } : {}),
    };
  if ('kubernetes' in store && store.kubernetes.kubeconfig)
    return { kubernetes: { ...store.kubernetes, kubeconfig: path.resolve(base, store.kubernetes.kubeconfig) } };
  return store;
}

/** Makes the plan's file paths absolute, relative to the plan's folder. */
function resolvePaths(plan: Plan, base: string): Plan {
  return {
    ...plan,
    store: resolveStorePaths(plan.store, base),
    ...(plan.audit ? { audit: path.resolve(base, plan.audit) } : {}),
    ...(plan.verifier?.module ? { verifier: { module: path.resolve(base, plan.verifier.module) } } : {}),
    targets: plan.targets.map((target) =>
      target.verify.by === 'login' && target.verify.tls?.caFile
        ? {
            ...target,
            verify: {
              ...target.verify,
              tls: { ...target.verify.tls, caFile: path.resolve(base, target.verify.tls.caFile) },
            },
          }
        : target,
    ),
  };
}

/** Parses and validates a plan's YAML text; throws PlanError naming every line, path and rule that failed. */
export function parsePlan(text: string, source = 'plan', baseDir = process.cwd()): Plan {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new PlanError(
      source,
      document.errors.map((error) => ({
        line: lines.linePos(error.pos[0]).line,
        column: lines.linePos(error.pos[0]).col,
        path: '(yaml)',
        rule: 'yaml',
        message: error.message.split('\n')[0]!,
      })),
    );
  }
  return validatePlan(document.toJS(), source, baseDir, (segments) => locate(document, lines, segments));
}

/**
 * Checks a plan given as data (parsed JSON, or built in code) by the rules `parsePlan` applies to YAML: the schema,
 * then what a schema cannot say. Throws PlanError naming the path, target and rule of every problem.
 */
export function checkPlan(data: unknown, source = 'plan', baseDir = process.cwd()): Plan {
  return validatePlan(data, source, baseDir, () => ({}));
}

type Locate = (segments: readonly Segment[]) => { line?: number; column?: number };

function validatePlan(data: unknown, source: string, baseDir: string, at: Locate): Plan {
  if (!validate(data)) {
    const issues: PlanIssue[] = topErrors(validate.errors ?? []).map((error) => {
      const { rule, message, segments } = describeError(error);
      const target = targetName(data, segments);
      return {
        ...at(segments),
        path: formatPath(segments),
        ...(target ? { target } : {}),
        rule,
        message,
      };
    });
    throw new PlanError(source, issues);
  }
  const plan = data;
  const meaning = checkPlanMeaning(plan).map((issue) => {
    const segments = toSegments(issue.pointer);
    return {
      ...at(segments),
      path: formatPath(segments),
      ...(issue.target ? { target: issue.target } : {}),
      rule: issue.rule,
      message: issue.message,
    };
  });
  if (meaning.length > 0) throw new PlanError(source, meaning);
  return resolvePaths(plan, baseDir);
}

export async function loadPlan(file: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new PlanError(file, [
      {
        path: '(file)',
        rule: 'readable',
        message: `cannot read the plan (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      },
    ]);
  }
  return parsePlan(text, file, path.dirname(path.resolve(file)));
}
