import { type Emulator, seed, startEmulator } from '@dbpass/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adopt, expandTargets, openPlanStore, parsePlan, rotate } from '../../src/index.js';
import { growFleet } from '../emulator-fleet.js';
import { fleetEnv, fleetPlanYaml } from '../fleet-plan.js';
import { type BaoServer, runBao, startBao } from '../servers/bao-server.js';
import { standInLoginChecker } from '../stand-in-login-checker.js';

/**
 * Adoption of an alternating account from a store that already holds the pair applications read (a KV secret with
 * `username` and `password`): the user it names is the one proven by login and recorded, and a rotation then
 * changes the other user and writes the new pair in its place.
 */
let bao: BaoServer;
let emulator: Emulator;
beforeAll(async () => {
  [bao, emulator] = await Promise.all([startBao(), startEmulator({ jobVisibleAfterMs: 5, jobDurationMs: 20 })]);
}, 120_000);
afterAll(async () => {
  await bao?.stop();
  await emulator?.stop();
});

const FOLDER = 'dbpass/alternating';
const store = `{ vault: { mount: secret, path: ${FOLDER}, field: password } }`;
const env = () => ({ ...fleetEnv('unused'), VAULT_ADDR: bao.address, VAULT_TOKEN: bao.token });
const plan = () =>
  parsePlan(
    fleetPlanYaml(
      growFleet(emulator, { taurusInstances: 0, dbUsersPerInstance: 0, starrocks: 1, clickhouse: 0, oceanbase: 0 }),
      {
        emulatorUrl: emulator.url,
        storeFile: 'unused',
        store,
        strategy: 'alternating',
      },
    ),
    'alternating plan',
    '/tmp',
  );
const put = async (accountId: string, data: Record<string, string>) => {
  const run = await runBao(bao, ['kv', 'put', `secret/${FOLDER}/${accountId}`, '-'], JSON.stringify(data));
  if (run.code !== 0) throw new Error(`bao kv put exited ${run.code}`);
};
const fields = async (accountId: string) => {
  const run = await runBao(bao, ['kv', 'get', '-format=json', `secret/${FOLDER}/${accountId}`]);
  return (JSON.parse(run.stdout) as { data: { data: Record<string, string> } }).data.data;
};

describe('adopting an alternating account from the pair applications read', () => {
  it('refuses a pair naming neither user, records the one named, and rotates the other', async () => {
    const thePlan = plan();
    const ref = expandTargets(thePlan).find((account) => account.ref.kind === 'starrocks')!.ref;
    const checker = standInLoginChecker(emulator);
    const opened = await openPlanStore(thePlan, { env: env() });
    await put(ref.id, { username: 'someone_else', password: seed.initialPassword, host: 'sr.internal' });
    const refused = await adopt({ plan: thePlan, store: opened, checker, only: [ref.id] });
    expect(refused.results[0]?.message).toMatch(/names user someone_else, which is neither/);

    await put(ref.id, { username: ref.userName, password: seed.initialPassword, host: 'sr.internal' });
    const adopted = await adopt({ plan: thePlan, store: opened, checker, only: [ref.id] });
    expect(adopted.counts).toMatchObject({ adopted: 1 });
    expect((await opened.read(ref.id, 'CURRENT'))?.username).toBe(ref.userName);

    const rotated = await rotate({
      plan: thePlan,
      store: opened,
      checker,
      env: env(),
      only: [ref.id],
      loginRetryDelaysMs: [20],
    });
    expect(rotated.counts).toMatchObject({ rotated: 1 });
    const now = await fields(ref.id);
    expect([now.username, now.host]).toEqual([ref.twin, 'sr.internal']);
    expect(
      emulator.state.checkPassword({ cloud: 'huawei', instanceId: ref.instanceId, userName: ref.twin! }, now.password!),
    ).toBe(true);
    // The user applications used before keeps its password: the grace of one period.
    expect(
      emulator.state.checkPassword(
        { cloud: 'huawei', instanceId: ref.instanceId, userName: ref.userName },
        seed.initialPassword,
      ),
    ).toBe(true);
  });
});
