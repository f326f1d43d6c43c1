// Everything specific to an account kind lives in its module under src/kinds/: no other source file may switch on,
// compare against or look up by an account kind. Read with TypeScript's parser, so comments and words in messages
// never count, and a kind added to the registry is guarded without touching this file.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_KINDS } from '../src/kinds/registry.js';

const SRC = path.resolve(import.meta.dirname, '../src');

/** Every name of a kind: the kinds accounts carry and the target kinds of the plan (`taurusdb-db-users`). */
const KIND_NAMES: ReadonlySet<string> = new Set(
  ACCOUNT_KINDS.flatMap((kind) => [kind.kind, ...kind.targets.map((form) => form.schema.properties.kind.const)]),
);

const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

const unwrap = (node: ts.Node): ts.Node =>
  ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isAsExpression(node)
    ? unwrap(node.expression)
    : node;

/** `x.kind`, `x?.kind` or a variable named `kind`. */
const isKindValue = (node: ts.Node): boolean => {
  const inner = unwrap(node);
  return (
    (ts.isPropertyAccessExpression(inner) && inner.name.text === 'kind') ||
    (ts.isIdentifier(inner) && inner.text === 'kind')
  );
};

/** A string that names no account kind (`'Secret'`, a Kubernetes object's kind): comparing a kind with it is fine. */
const isOtherLiteral = (node: ts.Node): boolean => {
  const inner = unwrap(node);
  return ts.isStringLiteralLike(inner) && !KIND_NAMES.has(inner.text);
};

/** Where a source switches on, compares against or looks up by an account kind, one line each. */
export function kindSwitches(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const report = (node: ts.Node, what: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${fileName}:${line + 1}: ${what}: ${node.getText(source).split('\n')[0]}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) && KIND_NAMES.has(node.text)) report(node, 'names an account kind');
    if (
      ts.isSwitchStatement(node) &&
      isKindValue(node.expression) &&
      !node.caseBlock.clauses.every((clause) => !ts.isCaseClause(clause) || isOtherLiteral(clause.expression))
    )
      report(node.expression, 'switches on a kind');
    if (
      ts.isBinaryExpression(node) &&
      EQUALITY.has(node.operatorToken.kind) &&
      ((isKindValue(node.left) && !isOtherLiteral(node.right)) ||
        (isKindValue(node.right) && !isOtherLiteral(node.left)))
    )
      report(node, 'compares a kind');
    if (ts.isElementAccessExpression(node) && isKindValue(node.argumentExpression))
      report(node, 'looks up a table by kind');
    if (
      ts.isTypeReferenceNode(node) &&
      node.typeName.getText(source) === 'Record' &&
      node.typeArguments?.[0]?.getText(source) === 'AccountKind'
    )
      report(node, 'declares a table per kind');
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The library's source files outside src/kinds/ (tests excluded: they name kinds to test them). */
async function sourcesOutsideKinds(): Promise<string[]> {
  const entries = await readdir(SRC, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => path.relative(SRC, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith(`kinds${path.sep}`))
    .sort();
}

describe('account kinds are adapters', () => {
  it('no source outside src/kinds/ switches on, compares against or looks up by an account kind', async () => {
    const files = await sourcesOutsideKinds();
    expect(files.length).toBeGreaterThan(50);
    const found = (
      await Promise.all(files.map(async (file) => kindSwitches(file, await readFile(path.join(SRC, file), 'utf8'))))
    ).flat();
    expect(found).toEqual([]);
  });

  it('finds each way of doing it, and not the Kubernetes object kind', () => {
    const sample = [
      "switch (ref.kind) { case 'starrocks': break; }",
      "if (target.kind === 'taurusdb-db-users') {}",
      'if (kind !== taurusDbRoot.kind) {}',
      'const policy = POLICIES[account.ref.kind];',
      'const table: Record<AccountKind, number> = {} as never;',
      "const clickhouse = 'clickhouse';",
      "const secret = { kind: 'Secret' }; if (object.kind === 'Secret') {} switch (manifest.kind) { case 'Secret': }",
      '// a comment naming starrocks, and `oceanbase-tenant-user`',
    ].join('\n');
    expect(kindSwitches('sample.ts', sample)).toEqual([
      'sample.ts:1: switches on a kind: ref.kind',
      "sample.ts:1: names an account kind: 'starrocks'",
      "sample.ts:2: compares a kind: target.kind === 'taurusdb-db-users'",
      "sample.ts:2: names an account kind: 'taurusdb-db-users'",
      'sample.ts:3: compares a kind: kind !== taurusDbRoot.kind',
      'sample.ts:4: looks up a table by kind: POLICIES[account.ref.kind]',
      'sample.ts:5: declares a table per kind: Record<AccountKind, number>',
      "sample.ts:6: names an account kind: 'clickhouse'",
    ]);
  });
});
