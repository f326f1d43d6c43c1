#!/usr/bin/env node
// Generates one client package per `apis` entry of redocly.yaml: openapi-typescript types, the operation
// table, the typed client surface, and the package files from scripts/templates/.
// Usage: node scripts/generate.mjs [--out <dir>] [api ...]   (default: every api, written in place; with
// --out, the same files under <dir> at their repository paths, for the drift check)
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import {
  HEADER,
  renderClientFile,
  renderIndexFile,
  renderOperationsFile,
  renderRawFile,
} from './generate/client-surface.mjs';
import { formatSource } from './generate/format-source.mjs';
import { bundleSpec, loadApiEntries, repoRoot } from './generate/load-apis.mjs';
import { methodName } from './generate/naming.mjs';
import { serviceDescriptor } from './generate/operation-table.mjs';
import { renderTemplate } from './generate/render-template.mjs';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = outIndex === -1 ? undefined : path.resolve(args.splice(outIndex, 2)[1] ?? '');
const wanted = args;
const apis = (await loadApiEntries()).filter((api) => wanted.length === 0 || wanted.includes(api.name));
if (wanted.length > 0 && apis.length !== wanted.length) throw new Error(`unknown api in: ${wanted.join(', ')}`);

for (const api of apis) {
  const source = path.relative(repoRoot, api.root);
  const bundled = await bundleSpec(api.root, { dereference: false });
  const dereferenced = await bundleSpec(api.root, { dereference: true });
  const descriptor = serviceDescriptor(api, dereferenced);
  const generatedDir = path.dirname(api.schemaOutput);

  const types = astToString(await openapiTS(bundled, { exportType: false, immutable: false }));
  const files = {
    [api.schemaOutput]: `${HEADER(source)}\n${types}`,
    [path.join(generatedDir, 'operations.gen.ts')]: renderOperationsFile(api, descriptor, source),
    [path.join(generatedDir, 'client.gen.ts')]: renderClientFile(api, descriptor, dereferenced, source),
    [path.join(generatedDir, 'index.gen.ts')]: renderIndexFile(api, descriptor, source, {
      hasCustom: existsSync(path.join(api.packageDir, 'src/custom/index.ts')),
    }),
    [path.join(generatedDir, 'raw.gen.ts')]: renderRawFile(api, source),
  };
  const context = {
    ...api,
    source,
    packageDirName: path.basename(api.packageDir),
    specDir: path.relative(repoRoot, path.dirname(api.root)),
    operations: Object.entries(descriptor.operations).map(([id, operation]) => ({
      id,
      method: methodName(id),
      http: `${operation.method.toUpperCase()} ${operation.path}`,
    })),
    spec: dereferenced,
  };
  // The license travels in each published tarball; the repository's LICENSE is the one source.
  files[path.join(api.packageDir, 'LICENSE')] = await readFile(path.join(repoRoot, 'LICENSE'), 'utf8');
  for (const template of ['package.json', 'README.md', 'tsconfig.json', 'tsconfig.build.json', 'turbo.json']) {
    files[path.join(api.packageDir, template)] = await renderTemplate(template, context);
  }
  for (const [file, unformatted] of Object.entries(files)) {
    const contents = formatSource(file, unformatted);
    const target = outDir ? path.join(outDir, path.relative(repoRoot, file)) : file;
    await mkdir(path.dirname(target), { recursive: true });
    const previous = await readFile(target, 'utf8').catch(() => undefined);
    if (previous !== contents) await writeFile(target, contents);
  }
  console.log(`generated ${api.package} from ${source} (${Object.keys(descriptor.operations).length} operations)`);
}
