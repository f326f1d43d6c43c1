import { chmod, chown, lstat, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { findEnginePrograms } from '../src/engines/find-programs.js';
import { privateCacheDir } from '../src/engines/private-cache.js';

const uid = process.getuid!();
const NOBODY = 65_534;
const roots: string[] = [];
const freshRoot = async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'dbpass-cache-test-'));
  roots.push(root);
  return root;
};
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

/** Makes `<root>/dbpass-cache-<uid>` the way another local user could: theirs (as root), or writable by all. */
async function plantCache(root: string): Promise<string> {
  const planted = path.join(root, `dbpass-cache-${uid}`);
  await mkdir(planted, { mode: 0o700 });
  if (uid === 0) await chown(planted, NOBODY, NOBODY);
  else await chmod(planted, 0o777);
  return planted;
}

describe('privateCacheDir', () => {
  it("makes this user's cache folder, mode 0700, and finds it again", async () => {
    const root = await freshRoot();
    const dir = await privateCacheDir(root);
    expect(dir).toBe(path.join(root, `dbpass-cache-${uid}`));
    const info = await lstat(dir!);
    expect(info.uid).toBe(uid);
    expect(info.mode & 0o777).toBe(0o700);
    expect(await privateCacheDir(root)).toBe(dir);
  });

  it('does not trust a folder of that name another user made, one others may write, or a symlink', async () => {
    expect(await privateCacheDir(path.dirname(await plantCache(await freshRoot())))).toBeUndefined();
    const open = await freshRoot();
    await mkdir(path.join(open, `dbpass-cache-${uid}`), { mode: 0o700 });
    await chmod(path.join(open, `dbpass-cache-${uid}`), 0o770);
    expect(await privateCacheDir(open)).toBeUndefined();
    const linked = await freshRoot();
    await mkdir(path.join(linked, 'elsewhere'), { mode: 0o700 });
    await symlink(path.join(linked, 'elsewhere'), path.join(linked, `dbpass-cache-${uid}`));
    expect(await privateCacheDir(linked)).toBeUndefined();
  });
});

describe('the MariaDB data template', () => {
  const savedTmpdir = process.env.TMPDIR;
  afterEach(() => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
  });
  /** `dataTemplate` with the system temp folder at `root`, from a fresh module (it remembers templates per process). */
  const templateUnder = async (root: string) => {
    process.env.TMPDIR = root;
    vi.resetModules();
    const { dataTemplate } = await import('../src/engines/mariadb-server.js');
    const programs = findEnginePrograms();
    return dataTemplate({ mariadbd: programs.mariadbd, installDb: programs['mariadb-install-db'] });
  };

  it("is made in this user's private cache folder, never at a name in the shared temp folder", async () => {
    const root = await freshRoot();
    const template = await templateUnder(root);
    expect(path.dirname(template)).toBe(path.join(root, `dbpass-cache-${uid}`));
    expect(await readdir(root)).toEqual([`dbpass-cache-${uid}`]);
    expect(await readdir(template)).toContain('mysql');
  }, 120_000);

  it('is not taken from a cache folder another user planted', async () => {
    const root = await freshRoot();
    const planted = await plantCache(root);
    const template = await templateUnder(root);
    expect(template.startsWith(`${planted}${path.sep}`)).toBe(false);
    expect((await lstat(path.dirname(template))).uid).toBe(uid);
    expect((await lstat(path.dirname(template))).mode & 0o077).toBe(0);
    expect(await readdir(planted)).toEqual([]);
  }, 120_000);
});
