// Unit tests of the formatting of generated files (node --test, run by `npm test`).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { formatSource } from './format-source.mjs';
import { repoRoot } from './load-apis.mjs';

const file = path.join(repoRoot, 'packages/client-x/src/generated/x.gen.ts');

describe('formatSource', () => {
  it('formats TypeScript as biome.json says and sorts its imports', () => {
    const out = formatSource(
      file,
      'import { b } from "./b.js";\nimport { a } from "./a.js";\nexport const x = {a:1,   b:[a,b]}\n',
    );
    assert.equal(
      out,
      "import { a } from './a.js';\nimport { b } from './b.js';\nexport const x = { a: 1, b: [a, b] };\n",
    );
  });

  it('leaves files Biome does not format (Markdown) as they are', () => {
    const text = '| a |  b |\n|---|---|\n';
    assert.equal(formatSource(path.join(repoRoot, 'packages/client-x/README.md'), text), text);
  });

  it('fails, naming the file, on source it cannot parse', () => {
    assert.throws(() => formatSource(file, 'export const = ;'), /biome could not format .*x\.gen\.ts/);
  });
});
