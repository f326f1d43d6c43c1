import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const PUBLISHED = ['core', 'client-taurusdb', 'client-oceanbase'];

export interface PackedApp {
  readonly dir: string;
  remove(): void;
}

/**
 * A project as a user gets it: the published packages packed with pnpm (as `lint:package` packs them) and
 * unpacked into node_modules, their one runtime dependency copied from the workspace install (no network),
 * and the programs of `runtime-app/` beside them.
 */
export function packedApp(): PackedApp {
  const dir = mkdtempSync(path.join(tmpdir(), 'dbpass-runtimes-'));
  const tarballs = path.join(dir, 'tarballs');
  mkdirSync(tarballs);
  const pnpm = path.join(root, 'node_modules/.bin/pnpm');
  for (const name of PUBLISHED) {
    const { filename } = JSON.parse(
      execFileSync(pnpm, ['pack', '--pack-destination', tarballs, '--json'], {
        cwd: path.join(root, 'packages', name),
        encoding: 'utf8',
      }),
    );
    const target = path.join(dir, 'node_modules/@dbpass', name);
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', filename, '-C', target, '--strip-components=1']);
  }
  const noble = realpathSync(path.join(root, 'packages/core/node_modules/@noble/hashes'));
  cpSync(noble, path.join(dir, 'node_modules/@noble/hashes'), { recursive: true });
  const programs = path.join(import.meta.dirname, 'runtime-app');
  for (const file of readdirSync(programs)) cpSync(path.join(programs, file), path.join(dir, file));
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'runtime-app', private: true, type: 'module', dependencies: { '@dbpass/client-taurusdb': '*', '@dbpass/client-oceanbase': '*' } }, null, 2)}\n`,
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
