import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runOk } from './run.js';

export const root = path.resolve(import.meta.dirname, '../../..');

export interface Packed {
  readonly name: string;
  readonly tarball: string;
}

/** The workspace packages that are published: every `packages/*` not marked private. */
export function publishedPackages(): { name: string; dir: string }[] {
  const packages = path.join(root, 'packages');
  return readdirSync(packages)
    .map((folder) => path.join(packages, folder))
    .flatMap((dir) => {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name: string;
        private?: boolean;
      };
      return manifest.private ? [] : [{ name: manifest.name, dir }];
    });
}

/**
 * Each published package packed as `lint:package` packs it (pnpm rewrites `workspace:` and `catalog:` ranges to
 * the versions they stand for), into `destination`.
 */
export async function packPublished(destination: string): Promise<Packed[]> {
  const pnpm = path.join(root, 'node_modules/.bin/pnpm');
  return Promise.all(
    publishedPackages().map(async ({ name, dir }) => {
      const { stdout } = await runOk(pnpm, ['pack', '--pack-destination', destination, '--json'], { cwd: dir });
      return { name, tarball: (JSON.parse(stdout) as { filename: string }).filename };
    }),
  );
}
