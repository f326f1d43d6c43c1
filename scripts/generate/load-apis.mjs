// Reads the manifest (redocly.yaml) and bundles each API's spec from its root file.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { bundle, createConfig } from '@redocly/openapi-core';
import YAML from 'yaml';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Every `apis` entry of redocly.yaml: its name, root spec, and the package it generates. */
export async function loadApiEntries() {
  const manifest = YAML.parse(await readFile(path.join(repoRoot, 'redocly.yaml'), 'utf8'));
  return Object.entries(manifest.apis).map(([name, entry]) => {
    const output = entry['x-openapi-ts']?.output;
    const meta = entry['x-dbpass'];
    if (!output || !meta) throw new Error(`redocly.yaml apis.${name} needs x-openapi-ts.output and x-dbpass`);
    const packageDir = path.join(repoRoot, output.split('/src/')[0]);
    return { name, root: path.join(repoRoot, entry.root), schemaOutput: path.join(repoRoot, output), packageDir, ...meta };
  });
}

/** The spec bundled into one document; `dereference` inlines every $ref. */
export async function bundleSpec(root, { dereference }) {
  const config = await createConfig({ extends: ['minimal'] });
  const { bundle: document, problems } = await bundle({ ref: root, config, dereference });
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new Error(`${root}: ${errors.map((problem) => problem.message).join('; ')}`);
  return document.parsed;
}
