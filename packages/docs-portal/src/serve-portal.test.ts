import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalServer, servePortal } from './serve-portal.js';

let dir: string;
let server: PortalServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dbpass-serve-'));
  await mkdir(path.join(dir, 'portal'));
  await writeFile(path.join(dir, 'portal', 'index.html'), '<h1>portal</h1>');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the portal');
  server = await servePortal(path.join(dir, 'portal'));
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('servePortal', () => {
  it('listens on 127.0.0.1 and serves index.html for /', async () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe('<h1>portal</h1>');
  });

  it('serves nothing outside its folder, and answers a malformed path with 400', async () => {
    expect((await fetch(new URL('%2e%2e/secret.txt', server.url))).status).toBe(404);
    expect((await fetch(new URL('%E0%A4%A', server.url))).status).toBe(400);
    expect((await fetch(new URL('missing.html', server.url))).status).toBe(404);
  });
});
