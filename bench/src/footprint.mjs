// Install footprint: `pnpm pack` the published packages, install each client tarball (with the core
// tarball it depends on) into an empty folder with npm (openapi-fetch from the registry), count packages
// and bytes; the same for the official core (npm install @huaweicloud/huaweicloud-sdk-core@3.1.211), and
// for what an official client needs to load (core + the undeclared uuid). Prints one JSON object on stdout.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureOfficial, npm, OFFICIAL_VERSION, officialDir } from './official.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'dbpass-footprint-'));

/** Every package directory under node_modules (scoped and nested), with the bytes of each package's files. */
function inventory(dir) {
  const packages = [];
  const sizeOf = (target) => {
    const stat = lstatSync(target);
    if (!stat.isDirectory()) return { bytes: stat.size, disk: stat.blocks * 512 };
    let bytes = 0;
    let disk = 0;
    for (const entry of readdirSync(target)) {
      if (entry === 'node_modules') continue;
      const sub = sizeOf(path.join(target, entry));
      bytes += sub.bytes;
      disk += sub.disk;
    }
    return { bytes, disk };
  };
  const walk = (modules) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const full = path.join(modules, entry);
      if (entry.startsWith('@')) {
        for (const scoped of readdirSync(full)) visit(path.join(full, scoped), `${entry}/${scoped}`);
      } else visit(full, entry);
    }
  };
  const visit = (full, name) => {
    if (!existsSync(path.join(full, 'package.json'))) return;
    packages.push({ name, ...sizeOf(full) });
    walk(path.join(full, 'node_modules'));
  };
  walk(path.join(dir, 'node_modules'));
  packages.sort((a, b) => b.bytes - a.bytes);
  return {
    packages: packages.length,
    bytes: packages.reduce((sum, p) => sum + p.bytes, 0),
    diskBytes: packages.reduce((sum, p) => sum + p.disk, 0),
    largest: packages.slice(0, 8).map(({ name, bytes }) => ({ name, bytes })),
  };
}

function emptyProject(name) {
  const dir = path.join(work, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'package.json'), `{ "name": "${name}", "private": true }\n`);
  return dir;
}

try {
  const tarballs = path.join(work, 'tarballs');
  mkdirSync(tarballs);
  const pack = (dir) => {
    const out = execFileSync('pnpm', ['pack', '--pack-destination', tarballs], {
      cwd: path.join(root, dir),
      encoding: 'utf8',
    });
    const file = out
      .trim()
      .split('\n')
      .findLast((line) => line.trim().endsWith('.tgz'))
      .trim();
    const tarball = path.isAbsolute(file) ? file : path.join(tarballs, path.basename(file));
    return { tarball, bytes: lstatSync(tarball).size };
  };
  const core = pack('packages/core');
  const result = { tarballs: { '@dbpass/core': core.bytes }, installs: {} };
  for (const [name, dir] of [
    ['@dbpass/client-taurusdb', 'packages/client-taurusdb'],
    ['@dbpass/client-oceanbase', 'packages/client-oceanbase'],
  ]) {
    const client = pack(dir);
    result.tarballs[name] = client.bytes;
    const project = emptyProject(name.replace('@dbpass/', ''));
    npm(['install', '--prefer-offline', client.tarball, core.tarball], project);
    result.installs[name] = inventory(project);
  }
  const official = emptyProject('official-core');
  npm(['install', '--prefer-offline', `@huaweicloud/huaweicloud-sdk-core@${OFFICIAL_VERSION}`], official);
  result.installs[`@huaweicloud/huaweicloud-sdk-core@${OFFICIAL_VERSION}`] = inventory(official);
  // The folder the other benchmarks use: the official core plus the uuid its ClientBuilder needs.
  ensureOfficial({ fresh: true });
  result.installs[`@huaweicloud/huaweicloud-sdk-core@${OFFICIAL_VERSION} + uuid (to build a client)`] =
    inventory(officialDir);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
