#!/usr/bin/env node
// `npm test` runs more than Node: the Python and Go clients' tests need Python 3 (with venv) and Go, and
// openapi-generator, which makes the Python clients before their tests (they are not committed), needs Java
// and Maven. Say what is missing, and how to get it, before anything runs.
import { spawnSync } from 'node:child_process';

const works = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
const missing = [];
if (!works('python3', ['-c', 'import venv']))
  missing.push('Python 3 with venv (apt-get install -y python3 python3-venv)');
// Debian's golang-go (1.19) predates toolchain downloads, so it cannot build the go.mod's `go 1.26`.
if (!works('go', ['version'])) missing.push('Go 1.26 or later (https://go.dev/dl/; Debian bookworm has only 1.19)');
if (!works('java', ['-version']) || !works('mvn', ['--version']))
  missing.push('Java 11+ and Maven, for openapi-generator (apt-get install -y default-jdk-headless maven)');
// The metrics tests check dbpass's output with Prometheus's own tools (promtool, node exporter's textfile collector).
if (!works('promtool', ['--version']))
  missing.push('promtool, for the metrics tests (apt-get install -y --no-install-recommends prometheus)');
if (!works('prometheus-node-exporter', ['--version']) && !works('node_exporter', ['--version']))
  missing.push(
    'node exporter, for the metrics tests (apt-get install -y --no-install-recommends prometheus-node-exporter)',
  );
if (missing.length > 0) {
  console.error(
    `npm test needs, besides Node and npm:\n- ${missing.join('\n- ')}\n\`npm run setup\` installs Java and Maven when run as root; Python and Go are yours to install.`,
  );
  process.exit(1);
}
