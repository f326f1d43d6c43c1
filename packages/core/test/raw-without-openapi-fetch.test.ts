// Installing the raw entry without its optional peer gives an error that says what to install.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

const packageDir = path.resolve(import.meta.dirname, '..');
const project = mkdtempSync(path.join(tmpdir(), 'dbpass-no-openapi-fetch-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

it('importing @dbpass/core/raw without openapi-fetch names the package to install', () => {
  const installed = path.join(project, 'node_modules/@dbpass/core');
  cpSync(path.join(packageDir, 'dist'), path.join(installed, 'dist'), { recursive: true });
  cpSync(path.join(packageDir, 'package.json'), path.join(installed, 'package.json'));
  const run = (code: string) => {
    try {
      return execFileSync(process.execPath, ['--input-type=module', '-e', code], {
        cwd: project,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      return String((error as { stderr?: string }).stderr);
    }
  };
  expect(run("await import('@dbpass/core'); console.log('typed entry loads')")).toContain('typed entry loads');
  expect(run("await import('@dbpass/core/raw')")).toContain('install it with `npm install openapi-fetch@^0.17.0`');
});
