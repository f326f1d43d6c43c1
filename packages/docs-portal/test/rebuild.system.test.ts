import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPortal } from '../src/build-portal.js';
import { type PortalServer, servePortal } from '../src/serve-portal.js';
import { type Browser, launchBrowser, slow } from './browser.js';
import { repoManifest } from './portal.js';

const marker = `Rotated by the docs rebuild test ${process.pid}.`;
let workDir: string;
let server: PortalServer;
let browser: Browser;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dbpass-docs-copy-'));
  await cp(repoManifest, path.join(workDir, 'redocly.yaml'));
  await cp(path.join(path.dirname(repoManifest), 'specs'), path.join(workDir, 'specs'), { recursive: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(workDir, { recursive: true, force: true });
});

it('shows a changed spec description on the page after a rebuild (on a copy of the specs)', async () => {
  const outDir = path.join(workDir, 'portal');
  server = await servePortal(outDir);
  const specFile = path.join(workDir, 'specs', 'oceanbase', 'paths', 'modify-tenant-user-password.yaml');
  const pageUrl = async () => {
    const portal = await buildPortal({ manifest: path.join(workDir, 'redocly.yaml'), outDir });
    const [operation] = portal.services.find((service) => service.api.name === 'oceanbase')!.operations;
    return new URL(`oceanbase.html${operation!.anchor}`, server.url).href;
  };
  const { page, problems } = await browser.open(await pageUrl());
  await expect
    .poll(() => page.getByText('Change the password of a tenant user').filter({ visible: true }).count(), slow)
    .toBeGreaterThan(0);
  expect(await page.getByText(marker).count()).toBe(0);

  const spec = await readFile(specFile, 'utf8');
  const changed = spec.replace(/^( {2}description: >-\n)/m, `$1    ${marker}\n`);
  expect(changed).not.toBe(spec);
  await writeFile(specFile, changed);

  await page.goto('about:blank');
  await page.goto(await pageUrl());
  await expect.poll(() => page.getByText(marker).filter({ visible: true }).count(), slow).toBe(1);
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.outsideRequests).toEqual([]);
});
