import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { root } from './pack-published.js';

/** The Node versions the packages claim (engines >=20), each from the npm registry's `node` package. */
export const NODES = [
  { major: 20, binary: path.join(root, 'test/runtimes/node_modules/node20/bin/node') },
  { major: 22, binary: path.join(root, 'test/runtimes/node_modules/node22/bin/node') },
  { major: 24, binary: process.execPath },
] as const;

/** npm's own script (npm-cli.js), found through the `npm` on PATH: run by whichever `node` comes first. */
export function npmCli(): string {
  const npm = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  const cli = npm && realpathSync(npm);
  if (!cli?.endsWith('.js')) throw new Error(`npm on PATH (${npm || 'none'}) is not npm-cli.js: install npm`);
  return cli;
}

export interface UserEnvironment {
  readonly home: string;
  /** `npm i -g` installs here: packages in lib/node_modules, commands in bin. */
  readonly prefix: string;
  readonly env: Record<string, string>;
}

/**
 * A user's machine as far as npm and a shell see it: its own home, npm cache, global prefix and config, `node` the
 * given binary and `npm` the one on PATH run by it, the registry `registry`. Nothing of the workspace on PATH.
 */
export async function userEnvironment(dir: string, node: string, registry: string): Promise<UserEnvironment> {
  if (!existsSync(node))
    throw new Error(`${node} is missing: run pnpm install (test/runtimes installs Node 20 and 22)`);
  const home = path.join(dir, 'home');
  const prefix = path.join(dir, 'prefix');
  const bin = path.join(dir, 'bin');
  await Promise.all([home, prefix, bin, path.join(dir, 'tmp')].map((folder) => mkdir(folder, { recursive: true })));
  await symlink(node, path.join(bin, 'node'));
  await symlink(npmCli(), path.join(bin, 'npm'));
  await writeFile(path.join(dir, 'npmrc'), '');
  return {
    home,
    prefix,
    env: {
      PATH: [path.join(prefix, 'bin'), bin, '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
      HOME: home,
      TMPDIR: path.join(dir, 'tmp'),
      npm_config_prefix: prefix,
      npm_config_cache: path.join(dir, 'npm-cache'),
      npm_config_userconfig: path.join(home, '.npmrc'),
      npm_config_globalconfig: path.join(dir, 'npmrc'),
      npm_config_registry: registry,
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    },
  };
}
