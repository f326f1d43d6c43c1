import { existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

export interface Inventory {
  /** Installed packages, the package itself included. */
  readonly packages: number;
  readonly names: readonly string[];
  /** Bytes of their files (apparent size). */
  readonly bytes: number;
}

function bytesOf(target: string): number {
  const stat = lstatSync(target);
  if (!stat.isDirectory()) return stat.size;
  let bytes = 0;
  for (const entry of readdirSync(target)) if (entry !== 'node_modules') bytes += bytesOf(path.join(target, entry));
  return bytes;
}

/** A package installed at `dir` and everything installed under it (npm nests a global package's dependencies). */
export function inventory(dir: string): Inventory {
  const names: string[] = [];
  let bytes = 0;
  const visit = (full: string, name: string) => {
    if (!existsSync(path.join(full, 'package.json'))) return;
    names.push(name);
    bytes += bytesOf(full);
    walk(path.join(full, 'node_modules'));
  };
  const walk = (modules: string) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const full = path.join(modules, entry);
      if (entry.startsWith('@'))
        for (const scoped of readdirSync(full)) visit(path.join(full, scoped), `${entry}/${scoped}`);
      else visit(full, entry);
    }
  };
  visit(
    dir,
    path.basename(path.dirname(dir)).startsWith('@')
      ? `${path.basename(path.dirname(dir))}/${path.basename(dir)}`
      : path.basename(dir),
  );
  return { packages: names.length, names: names.sort(), bytes };
}
