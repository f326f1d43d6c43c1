import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { oceanBaseService, passwordPolicies as oceanbasePolicies } from '@dbpass/client-oceanbase';
import { taurusDbService, passwordPolicies as taurusPolicies } from '@dbpass/client-taurusdb';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltPortal, BuiltService } from '../src/build-portal.js';
import { exampleFileName, examplesDir, packageRoot } from '../src/load-examples.js';
import type { PortalServer } from '../src/serve-portal.js';
import { type Browser, launchBrowser, type PageProblems, slow, visit } from './browser.js';
import { buildAndServe, repoManifest, screenshotsDir } from './portal.js';
import { sourcePolicies } from './source-policies.js';

// The oracles are the generated clients and the source YAML, not the portal's own operation list.
const expected: Record<string, { operations: readonly string[]; policyCount: number }> = {
  taurusdb: { operations: Object.keys(taurusDbService.operations), policyCount: countPolicies(taurusPolicies) },
  oceanbase: { operations: Object.keys(oceanBaseService.operations), policyCount: countPolicies(oceanbasePolicies) },
};

function countPolicies(policies: Record<string, Record<string, unknown>>): number {
  return Object.values(policies).reduce((sum, fields) => sum + Object.keys(fields).length, 0);
}

let portal: BuiltPortal;
let server: PortalServer;
let browser: Browser;

beforeAll(async () => {
  ({ portal, server } = await buildAndServe(repoManifest, path.join(packageRoot, 'build', 'test-portal')));
  browser = await launchBrowser();
  await mkdir(screenshotsDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const service = (name: string): BuiltService => {
  const found = portal.services.find((candidate) => candidate.api.name === name);
  if (!found) throw new Error(`no page for ${name}`);
  return found;
};

const operation = (name: string, operationId: string) => {
  const found = service(name).operations.find((candidate) => candidate.operationId === operationId);
  if (!found) throw new Error(`${name}.html has no ${operationId}`);
  return found;
};

function expectClean(problems: PageProblems): void {
  expect(problems).toEqual({ consoleErrors: [], pageErrors: [], outsideRequests: [], failedRequests: [] });
}

const visible = (page: Page, text: string) => page.getByText(text, { exact: true }).filter({ visible: true });

async function showsOperation(page: Page, summary: string, pathText: string): Promise<void> {
  await expect
    .poll(() => page.locator('h2').filter({ hasText: summary }).filter({ visible: true }).count(), slow)
    .toBe(1);
  await expect.poll(() => visible(page, pathText).count(), slow).toBeGreaterThan(0);
}

describe('docs portal in Chromium', () => {
  it('has a page for each service of the manifest and a landing page', () => {
    expect(portal.services.map((built) => built.file)).toEqual(['taurusdb.html', 'oceanbase.html']);
  });

  it('lists every service and operation on the landing page, with install commands and the example programs', async () => {
    const { page, problems } = await browser.open(server.url);
    const text = await page.locator('body').innerText();
    for (const [name, { operations }] of Object.entries(expected)) {
      expect(text).toContain(`npm install ${service(name).api.package}`);
      for (const operationId of operations) {
        await expect(
          page.locator(`a[href="${service(name).file}${operation(name, operationId).anchor}"]`).count(),
        ).resolves.toBe(1);
        const source = await readFile(path.join(examplesDir, exampleFileName(operationId)), 'utf8');
        await expect(page.locator(`#example-${operationId} pre code`).innerText()).resolves.toBe(source.trimEnd());
      }
    }
    await page.screenshot({ path: path.join(screenshotsDir, 'index.png'), fullPage: true });
    expectClean(problems);
  });

  it('resolves every link of the landing page', async () => {
    const { page, problems } = await browser.open(server.url);
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThan(10);
    const { page: target, problems: targetProblems } = await browser.open();
    for (const href of hrefs) {
      const url = new URL(href);
      expect(url.origin, href).toBe(new URL(server.url).origin);
      if (url.pathname === '/' && url.hash) {
        await expect(page.locator(`[id="${url.hash.slice(1)}"]`).count(), href).resolves.toBe(1);
        continue;
      }
      const status = await visit(target, href);
      if (status !== undefined) expect(status, href).toBe(200);
      const linked = portal.services.flatMap((built) =>
        built.operations.map((op) => ({ op, href: new URL(built.file + op.anchor, server.url).href })),
      );
      const op = linked.find((candidate) => candidate.href === href)?.op;
      if (op) await showsOperation(target, op.summary, op.path);
    }
    expectClean(problems);
    expectClean(targetProblems);
  });

  for (const name of Object.keys(expected)) {
    it(`renders every ${name} operation with its request, responses and examples`, async () => {
      const { page, problems } = await browser.open(new URL(service(name).file, server.url).href);
      await expect.poll(() => page.getByText(service(name).operations[0]!.tag).first().isVisible(), slow).toBe(true);
      await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`) });
      for (const operationId of expected[name]!.operations) {
        const op = operation(name, operationId);
        await visit(page, new URL(service(name).file + op.anchor, server.url).href);
        await showsOperation(page, op.summary, op.path);
        const body = await page.locator('body').innerText();
        expect(body).toContain('Responses');
        expect(body).toContain(`operation ${operationId}`);
        await page.screenshot({ path: path.join(screenshotsDir, `${name}-${operationId}.png`) });
      }
      expectClean(problems);
    });
  }

  it('shows the rule list of every password field, saying where the vendor docs disagree', async () => {
    const { page, problems } = await browser.open();
    const specsDir = path.join(path.dirname(repoManifest), 'specs');
    let fields = 0;
    for (const [name, { policyCount }] of Object.entries(expected)) {
      const policies = await sourcePolicies(specsDir, name);
      expect(policies).toHaveLength(policyCount);
      for (const { operationId, policy } of policies) {
        fields += 1;
        const op = operation(name, operationId);
        await visit(page, new URL(service(name).file + op.anchor, server.url).href);
        await showsOperation(page, op.summary, op.path);
        // Within the operation's own section: a neighbour with a password field (StarRocks create beside
        // StarRocks password change) can be in view at the same time.
        const section = page.locator(`[data-section-id="${op.anchor.slice(1)}"]`);
        const rules = section.locator('li').filter({ visible: true });
        // Redoc renders the request body lazily as it comes into view: scroll a step on each poll until it shows.
        const passwordRules = section.getByText('Password rules').filter({ visible: true });
        await expect
          .poll(async () => {
            if ((await passwordRules.count()) === 0) await page.mouse.wheel(0, 300);
            return passwordRules.count();
          }, slow)
          .toBe(1);
        await expect
          .poll(
            () => rules.filter({ hasText: `Length: ${policy.minLength} to ${policy.maxLength} characters` }).count(),
            slow,
          )
          .toBe(1);
        await expect
          .poll(() => rules.filter({ hasText: `Special characters: only ${policy.specials}` }).count(), slow)
          .toBe(1);
        const userNameRule = policy.notUserName
          ? `User name: must differ from ${policy.notUserName.field}`
          : 'User name: no rule documented';
        await expect.poll(() => rules.filter({ hasText: userNameRule }).count(), slow).toBe(1);
        for (const source of policy.sources)
          await expect.poll(() => rules.filter({ hasText: source }).count(), slow).toBe(1);
        const disagreement = section.getByText('The vendor docs disagree').filter({ visible: true });
        await expect.poll(() => disagreement.count(), slow).toBe(policy.sources.length > 1 ? 1 : 0);
      }
    }
    expect(fields).toBe(portal.services.reduce((sum, built) => sum + built.passwordFields, 0));
    expectClean(problems);
  });

  it('finds an operation by name with the in-page search', async () => {
    const { page, problems } = await browser.open(new URL(service('taurusdb').file, server.url).href);
    const op = operation('taurusdb', 'ShowGaussMySqlJobInfo');
    await expect.poll(() => visible(page, 'Task center').count(), slow).toBeGreaterThan(0);
    await page.keyboard.press('Control+k');
    await page.keyboard.type(op.operationId);
    const hit = visible(page, op.summary).first();
    await expect.poll(() => hit.count(), slow).toBe(1);
    await hit.click();
    await showsOperation(page, op.summary, op.path);
    expect(new URL(page.url()).hash).toBe(op.anchor);
    expectClean(problems);
  });

  it('records a request that leaves 127.0.0.1 (the guard the other tests rely on)', async () => {
    const { page, problems } = await browser.open(server.url);
    await page.evaluate(() => {
      const image = document.createElement('img');
      image.src = 'http://192.0.2.1/pixel.png';
      document.body.append(image);
    });
    await expect.poll(() => problems.outsideRequests, slow).toEqual(['http://192.0.2.1/pixel.png']);
  });
});
