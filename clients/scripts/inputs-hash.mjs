// The hash of everything the Python and Go clients are generated from (each spec bundled, the generator's
// configuration, templates and ignore file), written beside the outputs by generate.mjs: the drift check
// compares it to know, without Java, whether the committed clients still match the specs.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleSpec, loadApiEntries } from '../../scripts/generate/load-apis.mjs';

export const clientsRoot = path.resolve(import.meta.dirname, '..');
export const STAMP = path.join(clientsRoot, 'generated-from.sha256');

const filesUnder = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();

export async function inputsHash() {
  const hash = createHash('sha256');
  for (const api of await loadApiEntries())
    hash.update(`${api.name}\n${JSON.stringify(await bundleSpec(api.root, { dereference: false }))}\n`);
  for (const file of [
    path.join(clientsRoot, 'openapitools.json'),
    ...filesUnder(path.join(clientsRoot, 'templates')),
    ...filesUnder(path.join(clientsRoot, 'generator')),
  ]) {
    hash.update(`${path.relative(clientsRoot, file)}\n`).update(readFileSync(file));
  }
  return hash.digest('hex');
}
