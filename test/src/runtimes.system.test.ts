// The packed clients in every runtime they claim: a real Workers runtime (workerd, driven by Miniflare),
// Deno, Bun, and Node 20, 22 and 24. Each makes an AK/SK call, an IAM-token call and an OceanBase Digest
// call against the emulator on 127.0.0.1, and the emulator confirms each new password. The Worker is
// bundled as wrangler bundles it (conditions workerd/worker/browser, no Node built-ins).
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PackedApp, packedApp } from './packed-app.js';
import { h, o, useEmulator } from './setup.js';

const emulator = useEmulator();
const runtimes = path.resolve(import.meta.dirname, '../runtimes/node_modules');
const children = new Set<ChildProcess>();
let app: PackedApp;

beforeAll(() => {
  app = packedApp();
});
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
  app?.remove();
});

interface Result {
  digestSuccess: boolean;
  crypto: 'node:crypto' | 'WebCrypto';
  missingCredentials: string;
}

const passwordsFor = (tag: string) => ({
  akSk: `Root_${tag}_ak1`,
  iamToken: `Sr_${tag}_tok1`,
  digest: `Tenant_${tag}_dg1!`,
});

function configFor(tag: string) {
  return {
    endpoint: emulator.current.url,
    huawei: {
      projectId: h.projectId,
      ak: h.ak,
      sk: h.sk,
      iamUser: h.iamUser,
      domainName: h.domainName,
      rootInstanceId: h.instances.taurusdb.id,
      starrocksInstanceId: h.instances.starrocks.id,
      starrocksUser: h.starrocksUsers[0],
    },
    oceanbase: {
      projectId: o.projectId,
      accessKeyId: o.accessKeyId,
      accessKeySecret: o.accessKeySecret,
      instanceId: o.instanceId,
      tenantId: o.tenantId,
      userName: o.users[0],
    },
    passwords: passwordsFor(tag),
  };
}

/** Runs a program to its end (60 s at most), with an environment holding none of the SDK's variables. */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: app.dir,
      env: { PATH: process.env.PATH ?? '', HOME: app.dir, DO_NOT_TRACK: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}:\n${stderr}${stdout}`));
    });
  });
}

const lastJsonLine = (stdout: string): Result => JSON.parse(stdout.trim().split('\n').at(-1)!);

async function inWorker(config: object): Promise<{ result: Result; bundle: string }> {
  const { outputFiles } = await build({
    entryPoints: [path.join(app.dir, 'worker.mjs')],
    absWorkingDir: app.dir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const bundle = outputFiles[0]!.text;
  // No nodejs_compat flag: a node: import or a bare `process` would fail here.
  const worker = new Miniflare({
    modules: true,
    script: bundle,
    compatibilityDate: '2026-01-01',
    bindings: { CONFIG: JSON.stringify(config) },
  });
  try {
    const response = await worker.dispatchFetch('http://worker.test/');
    const body = (await response.json()) as Result & { error?: string };
    if (response.status !== 200) throw new Error(`the Worker answered ${response.status}: ${body.error}`);
    return { result: body, bundle };
  } finally {
    await worker.dispose();
  }
}

const node = (binary: string) => (config: object) =>
  run(binary, ['main.mjs', JSON.stringify(config)]).then(lastJsonLine);

const cases: Array<{
  tag: string;
  name: string;
  crypto: Result['crypto'];
  run: (config: object) => Promise<Result>;
  version?: () => Promise<string>;
}> = [
  {
    tag: 'workerd',
    name: 'Cloudflare workerd (Miniflare)',
    crypto: 'WebCrypto',
    run: async (config) => (await inWorker(config)).result,
  },
  {
    tag: 'deno',
    name: 'Deno',
    crypto: 'WebCrypto',
    run: (config) =>
      run(
        path.join(runtimes, '.bin/deno'),
        [
          'run',
          '--allow-net=127.0.0.1',
          '--allow-read',
          '--no-prompt',
          '--node-modules-dir=manual',
          'main.mjs',
          JSON.stringify(config),
        ],
        { DENO_DIR: path.join(app.dir, '.deno'), DENO_NO_UPDATE_CHECK: '1' },
      ).then(lastJsonLine),
    version: () => run(path.join(runtimes, '.bin/deno'), ['--version']),
  },
  {
    tag: 'bun',
    name: 'Bun',
    crypto: 'node:crypto',
    run: (config) => run(path.join(runtimes, '.bin/bun'), ['main.mjs', JSON.stringify(config)]).then(lastJsonLine),
    version: () => run(path.join(runtimes, '.bin/bun'), ['--version']),
  },
  {
    tag: 'node20',
    name: 'Node 20',
    crypto: 'node:crypto',
    run: node(path.join(runtimes, 'node20/bin/node')),
    version: () => run(path.join(runtimes, 'node20/bin/node'), ['--version']),
  },
  {
    tag: 'node22',
    name: 'Node 22',
    crypto: 'node:crypto',
    run: node(path.join(runtimes, 'node22/bin/node')),
    version: () => run(path.join(runtimes, 'node22/bin/node'), ['--version']),
  },
  {
    tag: 'node24',
    name: "Node 24 (the toolchain's)",
    crypto: 'node:crypto',
    run: node(process.execPath),
    version: () => run(process.execPath, ['--version']),
  },
];

describe('the packed clients in each runtime: AK/SK, IAM token and OceanBase Digest against the emulator', () => {
  it.each(cases)('$name', async ({ tag, name, crypto, run: runIn, version }) => {
    const started = performance.now();
    const result = await runIn(configFor(tag));
    const ms = Math.round(performance.now() - started);
    const { akSk, iamToken, digest } = passwordsFor(tag);
    const state = emulator.current.state;
    expect(state.checkPassword({ cloud: 'huawei', instanceId: h.instances.taurusdb.id }, akSk)).toBe(true);
    expect(
      state.checkPassword(
        { cloud: 'huawei', instanceId: h.instances.starrocks.id, userName: h.starrocksUsers[0] },
        iamToken,
      ),
    ).toBe(true);
    expect(
      state.checkPassword(
        { cloud: 'oceanbase', instanceId: o.instanceId, tenantId: o.tenantId, userName: o.users[0] },
        digest,
      ),
    ).toBe(true);
    expect(result.digestSuccess).toBe(true);
    expect(result.crypto).toBe(crypto);
    expect(result.missingCredentials).toMatch(
      tag === 'workerd'
        ? /akSk: ak is required: pass it explicitly \(this runtime has no environment variables/
        : /akSk: ak is required: pass it, or set HUAWEICLOUD_SDK_AK/,
    );
    if (tag === 'node20' || tag === 'node22' || tag === 'node24')
      expect((await version!()).trim()).toMatch(new RegExp(`^v${tag.slice(4)}\\.`));
    console.log(
      `${name}${version && tag !== 'node24' ? ` ${(await version()).trim().split('\n')[0]}` : ''}: 3 calls in ${ms} ms (start included)`,
    );
  });

  it("the Worker bundle has no Node built-in, and no hash code of its own (workerd's WebCrypto has MD5)", async () => {
    const { bundle } = await inWorker(configFor('bundle'));
    expect(bundle).not.toMatch(/from\s*["']node:|require\(["']node:|getBuiltinModule/);
    expect(bundle).toMatch(/dbpass\/core\/dist\/crypto\/workerd\.js/);
    expect(bundle).not.toMatch(/@noble/);
  });

  it('the declarations type-check without @types/node (skipLibCheck off)', async () => {
    const tsc = path.resolve(import.meta.dirname, '../node_modules/typescript/bin/tsc');
    await expect(run(process.execPath, [tsc, '-p', 'tsconfig.json'])).resolves.toBe('');
    expect(
      readFileSync(path.join(app.dir, 'node_modules/@dbpass/core/dist/auth/sign-request.d.ts'), 'utf8'),
    ).not.toMatch(/from 'node:|import\("node:|KeyObject|Buffer/);
  });
});
