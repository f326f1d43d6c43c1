import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';

/** One `apis` entry of redocly.yaml: a service with its root spec and the package generated from it. */
export interface ApiEntry {
  /** The `apis` key, also the page's file name (`taurusdb` -> taurusdb.html). */
  readonly name: string;
  /** Absolute path of the root spec. */
  readonly root: string;
  readonly packageName: string;
  readonly title: string;
  readonly description: string;
}

interface ManifestEntry {
  root?: string;
  'x-dbpass'?: { package?: string; title?: string; description?: string };
}

/** Every service of the manifest, in the manifest's order. */
export async function loadManifest(manifestPath: string): Promise<ApiEntry[]> {
  const manifest = YAML.parse(await readFile(manifestPath, 'utf8')) as { apis?: Record<string, ManifestEntry> };
  return Object.entries(manifest.apis ?? {}).map(([name, entry]) => {
    const meta = entry['x-dbpass'];
    if (!entry.root || !meta?.package || !meta.title || !meta.description) {
      throw new Error(`${manifestPath}: apis.${name} needs root and x-dbpass.package, .title, .description`);
    }
    return {
      name,
      root: path.resolve(path.dirname(manifestPath), entry.root),
      packageName: meta.package,
      title: meta.title,
      description: meta.description,
    };
  });
}
