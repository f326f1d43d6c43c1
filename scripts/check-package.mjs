#!/usr/bin/env node
// Packs the package in the current directory with pnpm (which rewrites workspace: and catalog: ranges) and
// checks the tarball: only dist/, README.md, LICENSE and package.json inside, no workspace or catalog protocol left,
// then publint and arethetypeswrong on that very tarball. Run by each published package's `lint:package`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const cwd = process.cwd();
const name = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')).name;
const out = mkdtempSync(path.join(tmpdir(), 'dbpass-pack-'));
const problems = [];
try {
  const packed = execFileSync('pnpm', ['pack', '--pack-destination', out, '--json'], { cwd, encoding: 'utf8' });
  const tarball = JSON.parse(packed).filename;
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
  for (const file of files) {
    if (!/^package\/(dist\/.+|README\.md|LICENSE|package\.json|CHANGELOG\.md)$/.test(file))
      problems.push(`unexpected file in the tarball: ${file}`);
  }
  if (!files.some((file) => file.endsWith('.d.ts'))) problems.push('no type declarations in the tarball');
  if (!files.includes('package/LICENSE')) problems.push('no LICENSE in the tarball');
  const manifest = execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
  if (/"(workspace|catalog):/.test(manifest))
    problems.push('packed package.json still has a workspace: or catalog: range');
  const { license, repository } = JSON.parse(manifest);
  const packedLicense = files.includes('package/LICENSE')
    ? execFileSync('tar', ['-xzOf', tarball, 'package/LICENSE'], { encoding: 'utf8' })
    : '';
  if (license !== 'Apache-2.0' || packedLicense !== readFileSync(path.join(import.meta.dirname, '../LICENSE'), 'utf8'))
    problems.push("license must be Apache-2.0 with the repository's LICENSE file");
  if (!repository?.url || !repository?.directory)
    problems.push('package.json needs repository.url and repository.directory (where its source lives)');
  const run = (command, args) => {
    try {
      execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      problems.push(`${command} ${args.join(' ')}:\n${error.stdout}${error.stderr}`);
    }
  };
  run('publint', ['--strict', '--pack', 'pnpm']);
  run('attw', [tarball, '--profile', 'esm-only', '--format', 'table-flipped']);
  if (problems.length > 0) {
    console.error(`${name}: packing problems:\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
  console.log(
    `${name}: ${files.length} files packed (dist, README, package.json); publint and arethetypeswrong report nothing.`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
