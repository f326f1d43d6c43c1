// Unit tests of the manifest reader (node --test, run by `npm test`).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadApiEntries, repoRoot } from './load-apis.mjs';

let dir;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dbpass-manifest-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const manifest = async (yaml) => {
  const file = path.join(dir, 'redocly.yaml');
  await writeFile(file, yaml);
  return file;
};

describe('loadApiEntries', () => {
  it("reads the repository's manifest: each service, its spec and package", async () => {
    const apis = await loadApiEntries();
    assert.deepEqual(
      apis.map((api) => [api.name, api.package, path.relative(repoRoot, api.packageDir)]),
      [
        ['taurusdb', '@dbpass/client-taurusdb', 'packages/client-taurusdb'],
        ['oceanbase', '@dbpass/client-oceanbase', 'packages/client-oceanbase'],
      ],
    );
  });

  it("resolves paths against the given manifest's folder", async () => {
    const file = await manifest(
      'apis:\n  x:\n    root: specs/x.yaml\n    x-openapi-ts: { output: packages/client-x/src/generated/schema.gen.ts }\n    x-dbpass: { package: "@dbpass/client-x", title: X, description: The X API. }\n',
    );
    const [api] = await loadApiEntries(file);
    assert.equal(api.root, path.join(dir, 'specs/x.yaml'));
    assert.equal(api.packageDir, path.join(dir, 'packages/client-x'));
    assert.equal(api.title, 'X');
  });

  it('names the entry and the fields it lacks', async () => {
    const file = await manifest('apis:\n  x:\n    root: specs/x.yaml\n    x-dbpass: { package: "@dbpass/client-x" }\n');
    await assert.rejects(
      loadApiEntries(file),
      /apis\.x needs root, x-openapi-ts\.output and x-dbpass\.package, \.title, \.description/,
    );
  });
});
