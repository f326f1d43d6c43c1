import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium with every background service that could reach the network turned off. */
export const chromiumPath = '/usr/bin/chromium';
const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What went wrong while a page was open: console errors, uncaught errors, failed or outside requests. */
export interface PageProblems {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly outsideRequests: string[];
  readonly failedRequests: string[];
}

export interface Browser {
  /** A new tab whose problems are recorded; any request to a host other than 127.0.0.1 is blocked and recorded. */
  open(url?: string): Promise<{ page: Page; problems: PageProblems }>;
  close(): Promise<void>;
}

const isLocal = (url: string): boolean => {
  const { protocol, hostname } = new URL(url);
  return protocol === 'data:' || protocol === 'blob:' || protocol === 'about:' || hostname === '127.0.0.1';
};

/** Chromium with a fresh profile; close() removes it. */
export async function launchBrowser(): Promise<Browser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'dbpass-chromium-'));
  // launchPersistentContext passes the profile as --user-data-dir (playwright refuses it in `args`).
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args,
    viewport: { width: 1280, height: 900 },
    serviceWorkers: 'block',
  });
  await context.route('**/*', (route) =>
    isLocal(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
  );
  return {
    async open(url) {
      const page = await context.newPage();
      const problems: PageProblems = { consoleErrors: [], pageErrors: [], outsideRequests: [], failedRequests: [] };
      page.on('console', (message) => {
        if (message.type() === 'error') problems.consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => problems.pageErrors.push(error.message));
      // Fired for every request, including the ones the route above blocks.
      page.on('request', (request) => {
        if (!isLocal(request.url())) problems.outsideRequests.push(request.url());
      });
      page.on('requestfailed', (request) =>
        problems.failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`),
      );
      page.on('response', (response) => {
        if (response.status() >= 400) problems.failedRequests.push(`${response.url()}: HTTP ${response.status()}`);
      });
      if (url) await page.goto(url, { waitUntil: 'load' });
      return { page, problems };
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Poll options for page checks: the root test command runs heavy suites beside this one. */
export const slow = { timeout: 15_000, interval: 100 };

/**
 * Goes to `url`; within the page already loaded only the hash changes (as a click on an in-page link does),
 * so each 2.5 MB Redoc page loads once. Returns the HTTP status of a full load, undefined otherwise.
 */
export async function visit(page: Page, url: string): Promise<number | undefined> {
  const target = new URL(url);
  const current = new URL(page.url());
  if (current.origin === target.origin && current.pathname === target.pathname && current.search === target.search) {
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, target.hash);
    return undefined;
  }
  return (await page.goto(url))?.status();
}
