#!/usr/bin/env node
// Generates the Python and Go clients of every spec with openapi-generator, through the npm wrapper
// (@openapitools/openapi-generator-cli) and the generators configured in openapitools.json:
//   1. the jar (scripts/setup.mjs jar, a no-op when present),
//   2. each redocly.yaml API's spec bundled into one file, .build/specs/<api>.json,
//   3. every output directory emptied, so that the result is the generator's whole output and nothing else,
//      except generator/.openapi-generator-ignore copied in (the boilerplate files this repo does not want),
//   4. `openapi-generator-cli generate` (all generators of openapitools.json).
// Customisation lives only in openapitools.json (options), templates/ and generator/.openapi-generator-ignore.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleSpec, loadApiEntries } from '../../scripts/generate/load-apis.mjs';
import { inputsHash, STAMP } from './inputs-hash.mjs';
import { clientsDir, ensureJar } from './setup.mjs';

ensureJar();
const specsDir = path.join(clientsDir, '.build', 'specs');
mkdirSync(specsDir, { recursive: true });
for (const api of await loadApiEntries()) {
  const bundled = await bundleSpec(api.root, { dereference: false });
  writeFileSync(path.join(specsDir, `${api.name}.json`), `${JSON.stringify(bundled, null, 2)}\n`);
}

const config = path.join(clientsDir, 'openapitools.json');
const generators = JSON.parse(readFileSync(config, 'utf8'))['generator-cli'].generators;
const ignoreFile = path.join(clientsDir, 'generator', '.openapi-generator-ignore');
for (const generator of Object.values(generators)) {
  const output = generator.output.replace('#{cwd}', clientsDir);
  rmSync(output, { recursive: true, force: true });
  mkdirSync(output, { recursive: true });
  copyFileSync(ignoreFile, path.join(output, '.openapi-generator-ignore'));
}
const wrapper = path.join(clientsDir, 'node_modules', '.bin', 'openapi-generator-cli');
const result = spawnSync(wrapper, ['generate', '--openapitools', config], {
  cwd: clientsDir,
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
  // The wrapper resolves storageDir and #{cwd} against $PWD; the built-in version list avoids a search request.
  env: { ...process.env, PWD: clientsDir, OPENAPI_GENERATOR_CLI_SEARCH_URL: 'DEFAULT', JAVA_OPTS: '-Dlog.level=warn' },
});
const output = result.stdout ?? '';
if (result.status !== 0 || /Code generation failed/.test(output)) {
  console.error(output);
  console.error('clients generate: openapi-generator failed');
  process.exit(result.status || 1);
}
writeFileSync(STAMP, `${await inputsHash()}\n`);
console.log(
  `clients generate: ${Object.keys(generators).join(', ')} from ${Object.keys(generators).length / 2} specs (openapi-generator ${JSON.parse(readFileSync(config, 'utf8'))['generator-cli'].version})`,
);
