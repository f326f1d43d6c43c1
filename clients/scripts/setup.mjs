#!/usr/bin/env node
// Installs the polyglot toolchain's dependencies, each from its own registry with its ordinary client, and
// does nothing for a part that is already in place (safe to run on every test run):
//   jar     openapi-generator-cli (version from openapitools.json) from Maven Central with `mvn dependency:copy`,
//           into .generator/<version>.jar, where the npm wrapper looks for it (storageDir)
//   python  clients/.venv with python/requirements.txt from PyPI (re-installed when that file changes)
//   go      the Go module's dependencies from the Go module proxy (`go mod download`)
// Usage: node scripts/setup.mjs [jar] [python] [go]   (default: all three)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const clientsDir = path.resolve(import.meta.dirname, '..');
export const venvDir = path.join(clientsDir, '.venv');
export const venvBin = (name) => path.join(venvDir, 'bin', name);

function run(command, args, options = {}) {
  console.log(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: clientsDir, stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message} (is it installed?)`);
  if (result.status !== 0)
    throw new Error(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
}

export function generatorVersion() {
  return JSON.parse(readFileSync(path.join(clientsDir, 'openapitools.json'), 'utf8'))['generator-cli'].version;
}

/** The openapi-generator jar where the npm wrapper expects it (storageDir/<version>.jar). */
export function ensureJar() {
  const version = generatorVersion();
  const storage = path.join(clientsDir, '.generator');
  const jar = path.join(storage, `${version}.jar`);
  if (existsSync(jar)) return jar;
  // Into a folder of this process's own, then renamed into place: turbo runs `setup` and `generate` at once on a
  // fresh clone, and two copies into one file fail ("Failed to copy full contents").
  const own = path.join(storage, `download-${process.pid}`);
  mkdirSync(own, { recursive: true });
  run('mvn', [
    '-q',
    '-B',
    'dependency:copy',
    `-Dartifact=org.openapitools:openapi-generator-cli:${version}`,
    `-DoutputDirectory=${own}`,
  ]);
  renameSync(path.join(own, `openapi-generator-cli-${version}.jar`), jar);
  rmSync(own, { recursive: true, force: true });
  return jar;
}

export function ensurePython() {
  const requirements = path.join(clientsDir, 'python', 'requirements.txt');
  const stamp = path.join(venvDir, '.dbpass-requirements.sha256');
  const hash = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash && existsSync(venvBin('python'))) return;
  if (!existsSync(venvBin('python'))) run(process.env.PYTHON ?? 'python3', ['-m', 'venv', venvDir]);
  run(venvBin('python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements]);
  writeFileSync(stamp, hash);
}

export function ensureGo() {
  run('go', ['mod', 'download'], { cwd: path.join(clientsDir, 'go') });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const parts = process.argv.slice(2);
  const wanted = parts.length > 0 ? parts : ['jar', 'python', 'go'];
  const steps = { jar: ensureJar, python: ensurePython, go: ensureGo };
  try {
    for (const part of wanted) {
      if (!steps[part]) throw new Error(`unknown part ${part} (jar, python, go)`);
      steps[part]();
    }
    console.log(`clients setup: ${wanted.join(', ')} ready`);
  } catch (error) {
    console.error(`clients setup: ${error.message}`);
    process.exit(1);
  }
}
