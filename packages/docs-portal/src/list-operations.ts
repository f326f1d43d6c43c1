import { methodName } from '../../../scripts/generate/naming.mjs';

/** One operation of a bundled spec, with what the landing page and the tests need to find it. */
export interface OperationSummary {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /** The client method generated for it (`resetGaussMySqlPassword`). */
  readonly clientMethod: string;
  /** Redoc's route for the operation within its page. */
  readonly anchor: string;
}

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
}

/** Redoc's slug for a tag name (`HTAP StarRocks` -> `htap-starrocks`). */
export const tagSlug = (tag: string): string =>
  tag
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Every operation of the spec, in document order. */
export function listOperations(spec: { paths?: Record<string, Record<string, unknown>> }): OperationSummary[] {
  return Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const operation = item[method] as Operation | undefined;
      if (!operation) return [];
      if (!operation.operationId || !operation.summary || !operation.tags?.[0]) {
        throw new Error(`${method.toUpperCase()} ${path}: the docs need an operationId, a summary and a tag`);
      }
      return [
        {
          operationId: operation.operationId,
          method: method.toUpperCase(),
          path,
          summary: operation.summary,
          tag: operation.tags[0],
          clientMethod: methodName(operation.operationId),
          anchor: `#/${tagSlug(operation.tags[0])}/${operation.operationId.toLowerCase()}`,
        },
      ];
    }),
  );
}
