import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type ApiEntry, loadApiEntries } from '../../../scripts/generate/load-apis.mjs';
import { decorateSpec } from './decorate-spec.js';
import { renderLandingPage, type ServicePage } from './landing-page.js';
import { listOperations } from './list-operations.js';
import { loadExamples } from './load-examples.js';
import { inlineBadgeLogo } from './offline-badge.js';
import { buildDocsPage, bundleSpec } from './run-redocly.js';

export interface BuildOptions {
  /** The manifest (redocly.yaml) whose `apis` become pages. */
  readonly manifest: string;
  /** Emptied, then filled with index.html and one <api>.html per service. */
  readonly outDir: string;
  readonly examplesDir?: string;
}

export interface BuiltService extends ServicePage {
  readonly passwordFields: number;
}

export interface BuiltPortal {
  readonly outDir: string;
  readonly services: readonly BuiltService[];
}

async function buildServicePage(api: ApiEntry, workDir: string, outDir: string): Promise<BuiltService> {
  const bundled = path.join(workDir, `${api.name}.bundled.json`);
  await bundleSpec(api.root, bundled);
  const { spec, passwordFields } = decorateSpec(JSON.parse(await readFile(bundled, 'utf8')), api.package);
  const decorated = path.join(workDir, `${api.name}.json`);
  await writeFile(decorated, JSON.stringify(spec));
  const file = `${api.name}.html`;
  const page = path.join(outDir, file);
  await buildDocsPage(decorated, page, `${api.title} API · dbpass`);
  await writeFile(page, inlineBadgeLogo(await readFile(page, 'utf8')));
  return { api, file, operations: listOperations(spec as Parameters<typeof listOperations>[0]), passwordFields };
}

/** Builds the static portal: a Redoc page per service of the manifest and a landing page. */
export async function buildPortal({ manifest, outDir, examplesDir }: BuildOptions): Promise<BuiltPortal> {
  const apis = await loadApiEntries(manifest);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'dbpass-docs-'));
  try {
    const services = await Promise.all(apis.map((api) => buildServicePage(api, workDir, outDir)));
    const examples = await loadExamples(
      services.flatMap((service) => service.operations.map((operation) => operation.operationId)),
      examplesDir,
    );
    await writeFile(path.join(outDir, 'index.html'), renderLandingPage(services, examples));
    return { outDir, services };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
