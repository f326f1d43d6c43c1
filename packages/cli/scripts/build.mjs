// The CLI's JavaScript: src/index.ts and src/dbpass.ts bundled by esbuild, with commander inside the bundle (one file
// read at start instead of commander's seven, resolved one by one: `dbpass --help` is timed against `node -e 0`).
// The workspace packages, the MySQL driver and the AWS SDK stay imports: they are dependencies or optional peers, and
// load only when a command needs them. Commander is CommonJS: a bundled `require` of a Node built-in needs a real
// `require` in the module, which the banner makes. Declarations come from tsc (`--emitDeclarationOnly`), not here.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const commanderDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('commander'));
const { version } = JSON.parse(await readFile(path.join(commanderDir, 'package.json'), 'utf8'));
const license = await readFile(path.join(commanderDir, 'LICENSE'), 'utf8');

/** What commander's lib/command.js requires at load and uses only to run a subcommand's own executable. */
const CHILD_PROCESS = "const childProcess = require('node:child_process');";
const LAZY_CHILD_PROCESS = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";

/**
 * Commander as bundled: node:child_process required when a subcommand's executable is spawned (dbpass has none), not
 * at every start; and its MIT notice kept with its code, as its license asks.
 */
const commanderPlugin = {
  name: 'commander',
  setup(bundle) {
    bundle.onLoad({ filter: /[\\/]commander[\\/](index|lib[\\/]command)\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (path.basename(args.path) === 'index.js')
        return { contents: `/*! commander ${version}\n${license}*/\n${source}`, loader: 'js' };
      if (!source.includes(CHILD_PROCESS))
        throw new Error(
          `commander ${version}: lib/command.js no longer has \`${CHILD_PROCESS}\`; update scripts/build.mjs`,
        );
      return { contents: source.replace(CHILD_PROCESS, LAZY_CHILD_PROCESS), loader: 'js' };
    });
  },
};

await build({
  absWorkingDir: root,
  entryPoints: ['src/index.ts', 'src/dbpass.ts'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['@dbpass/*', 'mysql2', '@aws-sdk/*'],
  banner: {
    js: "import { createRequire as __dbpassCreateRequire } from 'node:module';\nconst require = __dbpassCreateRequire(import.meta.url);",
  },
  plugins: [commanderPlugin],
  logLevel: 'warning',
});
