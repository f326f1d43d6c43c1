import path from 'node:path';
import { type BuiltPortal, buildPortal } from '../src/build-portal.js';
import { packageRoot } from '../src/load-examples.js';
import { type PortalServer, servePortal } from '../src/serve-portal.js';

export const repoManifest = path.resolve(packageRoot, '..', '..', 'redocly.yaml');
export const screenshotsDir = path.join(packageRoot, 'build', 'screenshots');

/** Builds the portal from `manifest` into `outDir` and serves it on 127.0.0.1. */
export async function buildAndServe(
  manifest: string,
  outDir: string,
): Promise<{ portal: BuiltPortal; server: PortalServer }> {
  const portal = await buildPortal({ manifest, outDir });
  return { portal, server: await servePortal(outDir) };
}
