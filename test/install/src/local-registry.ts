import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort } from '@dbpass/emulator';
import { runOk } from './run.js';

export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** Publishes a packed tarball (npm publish, as a maintainer would). */
  publish(tarball: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Verdaccio on 127.0.0.1: `@dbpass/*` only from what is published to it (no uplink, so nothing of the real
 * registry's can stand in for a package that was not packed), everything else proxied from `uplink`, as npm
 * would fetch it. Its storage lives in `dir`.
 */
export async function startLocalRegistry(
  dir: string,
  uplink: string,
  /** npm's `cafile`: where the registry is reached through a TLS-inspecting proxy, Verdaccio must trust it too. */
  cafile?: string,
): Promise<LocalRegistry> {
  await mkdir(dir, { recursive: true });
  const config = path.join(dir, 'config.yaml');
  await writeFile(
    config,
    [
      `storage: ${JSON.stringify(path.join(dir, 'storage'))}`,
      `auth: { htpasswd: { file: ${JSON.stringify(path.join(dir, 'htpasswd'))} } }`,
      `uplinks: { upstream: { url: ${JSON.stringify(uplink)}, timeout: 60s } }`,
      'packages:',
      "  '@dbpass/*': { access: $all, publish: $all }",
      "  '**': { access: $all, proxy: upstream }",
      'web: { enable: false }',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const bin = path.join(
    path.dirname(createRequire(import.meta.url).resolve('verdaccio/package.json')),
    'bin/verdaccio',
  );
  // Verdaccio needs Node >= 22: the toolchain's Node runs it, whatever Node the installs use.
  const child = spawn(process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(cafile ? { NODE_EXTRA_CA_CERTS: cafile } : {}) },
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  await waitUntilServing(url, child, () => output);
  // npm publish wants a token for the registry; Verdaccio lets anyone publish @dbpass/* here.
  const npmrc = path.join(dir, 'publish.npmrc');
  await writeFile(npmrc, `//127.0.0.1:${port}/:_authToken=local-registry\n`);
  return {
    url,
    async publish(tarball) {
      await runOk(
        'npm',
        ['publish', tarball, '--registry', url, '--userconfig', npmrc, '--cache', path.join(dir, 'publish-cache')],
        {
          env: { ...process.env, npm_config_update_notifier: 'false' },
        },
      );
    },
    stop: () => stopChild(child),
  };
}

/** Verdaccio prints `http address` once it listens (a warning, the level the config keeps); then it must answer. */
async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`verdaccio did not start listening at ${url} within 60 s:\n${output()}`));
    }, 60_000);
    const check = () => {
      if (!output().includes('http address')) return;
      clearTimeout(deadline);
      resolve();
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(deadline);
      reject(new Error(`verdaccio exited ${code}:\n${output()}`));
    });
  });
  await pingUntilAnswered(url, child, output);
}

/**
 * The log line can come before the port accepts connections (a clean-clone run was refused right after it): ping
 * until the server answers, it exits, or a minute passes.
 */
async function pingUntilAnswered(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const ping = await fetch(new URL('-/ping', url));
      if (ping.ok) return;
      throw new Error(`verdaccio at ${url} answers its ping with ${ping.status}`);
    } catch (error) {
      const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
      if (!refused || child.exitCode !== null || Date.now() > deadline)
        throw new Error(`verdaccio at ${url} does not answer its ping (${String(error)}):\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
}
