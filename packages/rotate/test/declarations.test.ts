import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = path.resolve(import.meta.dirname, '..');
const tsc = path.join(packageDir, 'node_modules/typescript/bin/tsc');

/** A program using every entry point except AWS's (whose SDK's own declarations need @types/node). */
const CONSUMER = `
import { adopt, FileStore, loadPlan, openAuditLog, openPlanStore, rotate, type RotationSummary } from '@dbpass/rotate';
import { createVerifyLoginChecker } from '@dbpass/rotate/verify';
import { openKubernetesStore } from '@dbpass/rotate/stores/kubernetes';
import { openVaultStore } from '@dbpass/rotate/stores/vault';

export async function main(): Promise<RotationSummary> {
  const env: Record<string, string | undefined> = { DBPASS_STORE_KEY: 'key' };
  const plan = await loadPlan('dbpass.yaml');
  const store = await openPlanStore(plan, { env });
  const checker = await createVerifyLoginChecker({ loginsPerAddress: 2 });
  await adopt({ plan, store, checker, audit: true });
  const log = await openAuditLog('audit.jsonl');
  log.write({ type: 'end', time: new Date().toISOString(), error: 'Error' });
  return rotate({ plan, store, checker, due: true, env, audit: 'audit.jsonl' });
}
export const stores = [FileStore.open, openVaultStore, openKubernetesStore];
`;

/**
 * The published declarations (dist/*.d.ts, from `build`, which runs before `test`) compiled as a user's project
 * without @types/node (`types: []`) and with skipLibCheck off: nothing in them may need Node's globals
 * (NodeJS.ProcessEnv, Buffer) or node: modules.
 */
describe('declarations', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dbpass-rotate-types-'));
    await mkdir(path.join(dir, 'node_modules/@dbpass'), { recursive: true });
    await symlink(packageDir, path.join(dir, 'node_modules/@dbpass/rotate'), 'dir');
    await writeFile(path.join(dir, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
    await writeFile(path.join(dir, 'consumer.ts'), CONSUMER);
    const compilerOptions = {
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      types: [],
      skipLibCheck: false,
    };
    await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('type-check in a project without @types/node', async () => {
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', dir]).then(
      ({ stdout }) => stdout,
      (error: { stdout: string }) => error.stdout,
    );
    expect(result.replaceAll(`${packageDir}/`, '')).toBe('');
  });
});
