// The pipeline on a clean clone: a spec change regenerates only its own package (the drift check sees
// it), turbo rebuilds only what depends on it, and changesets asks for and applies a version bump of
// that package.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneEnv } from '../../scripts/clone-env.mjs';

const root = path.resolve(import.meta.dirname, '../..');
let clone: string;
const env = cloneEnv(root);
const sh = (command: string, args: string[], options: { allowFailure?: boolean } = {}) => {
  try {
    return execFileSync(command, args, { cwd: clone, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (options.allowFailure)
      return `${(error as { stdout: string }).stdout}${(error as { stderr: string }).stderr}\nEXIT ${(error as { status: number }).status}`;
    throw error;
  }
};
const cacheStatus = (output: string) =>
  Object.fromEntries(
    [...output.matchAll(/^(@dbpass\/[\w-]+):(\w+): cache (hit|miss)/gm)].map((match) => [
      `${match[1]}#${match[2]}`,
      match[3],
    ]),
  );

beforeAll(() => {
  clone = mkdtempSync(path.join(tmpdir(), 'dbpass-clone-'));
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', root, clone]);
  // `changeset status --since=main` needs a local main: the clone of a feature branch has only origin/main.
  execFileSync('git', ['checkout', '-q', '-B', 'main'], { cwd: clone });
  sh('git', ['config', 'user.email', 'test@dbpass.invalid']);
  sh('git', ['config', 'user.name', 'dbpass test']);
  // `--since=main` below means "since the commit cloned": a clone of a branch other than main has no local main.
  if (!sh('git', ['branch', '--list', 'main']).trim()) sh('git', ['branch', 'main', 'HEAD']);
  sh('pnpm', ['install', '--offline', '--frozen-lockfile']);
}, 120_000);

afterAll(() => {
  if (clone) rmSync(clone, { recursive: true, force: true });
});

describe('a spec change', () => {
  it('regenerates and rebuilds only its package, and needs a changeset that bumps it', () => {
    // Warm the cache: everything generated and built once.
    sh('turbo', ['run', 'generate', 'build', '--filter=./packages/*', '--output-logs=hash-only']);
    const warm = cacheStatus(
      sh('turbo', ['run', 'generate', 'build', '--filter=./packages/*', '--output-logs=hash-only']),
    );
    expect(Object.values(warm).every((status) => status === 'hit')).toBe(true);
    expect(sh('git', ['status', '--porcelain'])).toBe('');

    const spec = path.join(clone, 'specs/oceanbase/paths/modify-tenant-user-password.yaml');
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace(
        'summary: Change the password of a tenant user',
        'summary: Change the password of a tenant user (edited)',
      ),
    );
    const after = cacheStatus(
      sh('turbo', ['run', 'generate', 'build', '--filter=./packages/*', '--output-logs=hash-only']),
    );
    expect(after).toMatchObject({
      '@dbpass/client-oceanbase#generate': 'miss',
      '@dbpass/client-oceanbase#build': 'miss',
      '@dbpass/client-taurusdb#generate': 'hit',
      '@dbpass/client-taurusdb#build': 'hit',
      '@dbpass/core#build': 'hit',
    });
    const changed = sh('git', ['status', '--porcelain', '--untracked-files=all'])
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3));
    expect(changed).toContain('specs/oceanbase/paths/modify-tenant-user-password.yaml');
    expect(changed).toContain('packages/client-oceanbase/src/generated/client.gen.ts');
    expect(
      changed.filter((file) => !file.startsWith('specs/oceanbase/') && !file.startsWith('packages/client-oceanbase/')),
    ).toEqual([]);
    expect(readFileSync(path.join(clone, 'packages/client-oceanbase/src/generated/client.gen.ts'), 'utf8')).toContain(
      '(edited)',
    );

    // The drift check on an uncommitted regeneration passes; on a stale package it fails with the fix.
    sh('git', ['checkout', '-b', 'edit-spec']);
    sh('git', ['add', '-A']);
    sh('git', ['commit', '-qm', 'Edit the OceanBase summary']);
    // Pending changesets (the initial release covers every package) are consumed so that this change stands alone.
    const pending = readdirSync(path.join(clone, '.changeset')).filter(
      (file) => file.endsWith('.md') && file !== 'README.md',
    );
    sh('git', ['rm', '-q', ...pending.map((file) => `.changeset/${file}`)]);
    sh('git', ['commit', '-qm', 'Drop the pending changesets for the test']);
    const status = sh('changeset', ['status', '--since=main'], { allowFailure: true });
    expect(status).toMatch(/Some packages have been changed but no changesets were found/);
    expect(status).toMatch(/EXIT [1-9]/);

    writeFileSync(
      path.join(clone, '.changeset/edit-summary.md'),
      "---\n'@dbpass/client-oceanbase': patch\n---\n\nClearer summary for modifyTenantUserPassword.\n",
    );
    sh('git', ['add', '-A']);
    sh('git', ['commit', '-qm', 'Changeset']);
    expect(sh('changeset', ['status', '--since=main'])).toMatch(/patch[\s\S]*@dbpass\/client-oceanbase/);
    const versionOf = (name: string) =>
      JSON.parse(readFileSync(path.join(clone, `packages/${name}/package.json`), 'utf8')).version as string;
    const [oceanbase, taurusdb] = [versionOf('client-oceanbase'), versionOf('client-taurusdb')];
    sh('changeset', ['version']);
    const bump = (version: string) => version.replace(/(\d+)$/, (patch) => String(Number(patch) + 1));
    expect(versionOf('client-oceanbase')).toBe(bump(oceanbase));
    expect(versionOf('client-taurusdb')).toBe(taurusdb);
    // Regenerating keeps the version changesets wrote.
    sh('node', ['scripts/generate.mjs']);
    expect(versionOf('client-oceanbase')).toBe(bump(oceanbase));
  }, 240_000);

  it('fails the drift check when a generated file is edited by hand, printing the fix', () => {
    const file = path.join(clone, 'packages/client-taurusdb/src/generated/client.gen.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n// hand edit\n`);
    sh('git', ['add', '-A']);
    sh('git', ['commit', '-qm', 'Hand edit']);
    const output = sh('node', ['scripts/check-generated.mjs'], { allowFailure: true });
    expect(output).toMatch(/client-taurusdb\/src\/generated\/client\.gen\.ts/);
    expect(output).toMatch(/npm run generate/);
    expect(output).toMatch(/EXIT 1/);
  });
});
