#!/usr/bin/env node
// Usage: node dist/cli.js build           builds the portal into build/portal
//        node dist/cli.js serve [--port N] serves build/portal on 127.0.0.1 (default port 8090; 0 = a free one)
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildPortal } from './build-portal.js';
import { packageRoot } from './load-examples.js';
import { servePortal } from './serve-portal.js';

const outDir = path.join(packageRoot, 'build', 'portal');
const manifest = path.resolve(packageRoot, '..', '..', 'redocly.yaml');
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string', default: '8090' } },
});

if (positionals[0] === 'build') {
  const started = performance.now();
  const portal = await buildPortal({ manifest, outDir });
  const relative = path.relative(process.cwd(), outDir) || '.';
  console.log(`docs portal built in ${((performance.now() - started) / 1000).toFixed(1)} s: ${relative}/`);
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  const width = Math.max(...portal.services.map((service) => service.file.length), 'index.html'.length);
  const examples = portal.services.reduce((sum, service) => sum + service.operations.length, 0);
  console.log(
    `  ${'index.html'.padEnd(width)}  landing page: services, install commands, ${plural(examples, 'example')}`,
  );
  for (const service of portal.services) {
    console.log(
      `  ${service.file.padEnd(width)}  ${service.api.title}: ${plural(service.operations.length, 'operation')}, ${plural(service.passwordFields, 'password field')}`,
    );
  }
} else if (positionals[0] === 'serve') {
  const server = await servePortal(outDir, Number(values.port));
  console.log(`dbpass docs portal: ${server.url} (Ctrl+C stops it)`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else {
  console.error('usage: cli.js build | serve [--port N]');
  process.exitCode = 2;
}
