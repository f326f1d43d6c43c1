// One staged rotation with @dbpass/rotate, verified by logging in to the twin's engine: the password the database
// has is adopted (proven by login, recorded as CURRENT), then the new one is stored as PENDING (encrypted file
// store) before anything is sent, set, proven by login, and promoted.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Emulator, seed } from '@dbpass/emulator';
import { adopt, openPlanStore, parsePlan, type RotationEvent, rotate } from '@dbpass/rotate';
import { createVerifyLoginChecker } from '@dbpass/rotate/verify';

/**
 * Adopts the seeded StarRocks user's `livePassword` (what the database has now), rotates it, and returns the lines
 * to print (events and the store's stages, no secret).
 */
export async function stagedRotation(
  emulator: Emulator,
  livePassword: string,
): Promise<{ lines: string[]; rotated: boolean }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dbpass-demo-'));
  try {
    const h = seed.huawei;
    const address = emulator.engines.addresses.get(h.instances.starrocks.id)!;
    const plan = parsePlan(
      [
        'version: 1',
        'store: { file: store.dbpass, keyEnv: DEMO_STORE_KEY }',
        'connections:',
        `  hw: { cloud: huawei, endpoint: "${emulator.url}", projectId: ${h.projectId}, credentials: { accessKeyEnv: DEMO_AK, secretKeyEnv: DEMO_SK } }`,
        'targets:',
        `  - { name: starrocks-analyst, kind: starrocks, connection: hw, instanceId: ${h.instances.starrocks.id}, user: ${h.starrocksUsers[0]}, verify: { by: login, address: "127.0.0.1:${address.port}" } }`,
      ].join('\n'),
      'demo plan',
      dir,
    );
    const env = { DEMO_STORE_KEY: randomBytes(32).toString('base64'), DEMO_AK: h.ak, DEMO_SK: h.sk };
    const store = await openPlanStore(plan, { env });
    const checker = await createVerifyLoginChecker();
    const lines: string[] = [];
    const onEvent = (event: RotationEvent) => {
      if (event.outcome !== 'started')
        lines.push(`  ${event.step.padEnd(9)} ${event.outcome.padEnd(4)} ${event.message ?? ''}`);
    };
    const adopted = await adopt({ plan, store, checker, password: livePassword, onEvent });
    const summary = await rotate({ plan, store, env, checker, onEvent });
    const versions = (await store.list()).get('starrocks-analyst') ?? [];
    lines.push(
      `  store: ${versions.map((version) => `${version.versionId.slice(0, 8)}… ${version.stages.join('+') || '(no stage)'}`).join(', ')}`,
    );
    return { lines, rotated: adopted.counts.adopted === 1 && summary.counts.rotated === 1 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
