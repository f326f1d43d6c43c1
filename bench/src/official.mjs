// The official Huawei SDK core as a Node user has it today: `npm install` into a plain folder (npm's flat
// node_modules, not this workspace's pnpm layout). 3.1.211 requires `uuid` from ClientBuilder (through
// http/DefaultUserAgent.js) without declaring it, so a client cannot be built from the core alone: the
// user has to add uuid themselves, and so does this folder (uuid@11, the last release with a CommonJS build).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const OFFICIAL_VERSION = '3.1.211';
export const UUID_SPEC = 'uuid@11';
export const benchDir = path.resolve(import.meta.dirname, '..');
export const officialDir = path.join(benchDir, '.cache/official');

export function npm(args, cwd) {
  return execFileSync('npm', ['--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Installs the official core (and uuid) into bench/.cache/official unless it is there already. */
export function ensureOfficial({ fresh = false } = {}) {
  const marker = path.join(officialDir, 'node_modules/@huaweicloud/huaweicloud-sdk-core/package.json');
  const uuid = path.join(officialDir, 'node_modules/uuid/package.json');
  if (!fresh && existsSync(marker) && existsSync(uuid)) return officialDir;
  rmSync(officialDir, { recursive: true, force: true });
  mkdirSync(officialDir, { recursive: true });
  writeFileSync(path.join(officialDir, 'package.json'), '{ "name": "official-core-install", "private": true }\n');
  npm(['install', `@huaweicloud/huaweicloud-sdk-core@${OFFICIAL_VERSION}`, UUID_SPEC], officialDir);
  return officialDir;
}

export const officialRequire = createRequire(path.join(officialDir, 'package.json'));
