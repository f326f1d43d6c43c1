// Reads the manifest (redocly.yaml) and bundles each API's spec from its root file.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { bundle, createConfig } from '@redocly/openapi-core';
import YAML from 'yaml';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Every `apis` entry of the manifest (the repository's redocly.yaml unless told): its name, root spec, and the package it generates. */
export async function loadApiEntries(manifestPath = path.join(repoRoot, 'redocly.yaml')) {
  const base = path.dirname(manifestPath);
  const manifest = YAML.parse(await readFile(manifestPath, 'utf8'));
  return Object.entries(manifest.apis ?? {}).map(([name, entry]) => {
    const output = entry['x-openapi-ts']?.output;
    const meta = entry['x-dbpass'];
    if (!entry.root || !output || !meta?.package || !meta.title || !meta.description) {
      throw new Error(
        `${manifestPath}: apis.${name} needs root, x-openapi-ts.output and x-dbpass.package, .title, .description`,
      );
    }
    const packageDir = path.join(base, output.split('/src/')[0]);
    return { ...meta, name, root: path.join(base, entry.root), schemaOutput: path.join(base, output), packageDir };
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
