#!/usr/bin/env node
// The toolchain (vitest 5, changesets 3, turbo tasks) runs on the Node 24 that `pnpm install` puts in
// node_modules/.bin. If pnpm skipped its install script, everything would silently run on the machine's
// older Node: fail fast instead.
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  console.error(
    `Node ${process.versions.node} is running the toolchain, which needs Node >= 22 (the repo installs Node 24 as a dev dependency).\n` +
      'Run the scripts through `npm run <script>` or `pnpm run <script>` after `npm run setup`, so that node_modules/.bin/node is used.',
  );
  process.exit(1);
}
