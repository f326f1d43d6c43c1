import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BaoServer, startBao } from '../../rotate/test/servers/bao-server.js';
import { type CliFixture, cliFixture } from './cli-fixture.js';

let bao: BaoServer;
let fixture: CliFixture;
beforeAll(async () => {
  bao = await startBao();
  fixture = await cliFixture(
    undefined,
    {},
    {
      store: {
        store: '{ vault: { mount: secret, path: dbpass/cli } }',
        env: { VAULT_ADDR: bao.address, VAULT_TOKEN: bao.token },
      },
    },
  );
}, 120_000);
afterAll(async () => {
  await fixture?.stop();
  await bao?.stop();
});

describe('dbpass with a Vault store', () => {
  it('refuses a bad token with exit 1 and a message naming the store, before anything is sent', async () => {
    const before = fixture.emulator.requests.length;
    const run = await fixture.dbpass(['rotate'], { VAULT_TOKEN: 'hvs.not-the-token' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/vault store http:\/\/127\.0\.0\.1:\d+ \(secret\/dbpass\/cli\): permission denied/);
    expect(run.stderr + run.stdout).not.toContain('hvs.not-the-token');
    expect(fixture.emulator.requests.length).toBe(before);
  });

  it('plans, rotates, reports status and prints CURRENT from the store', async () => {
    const plan = await fixture.dbpass(['plan']);
    expect(plan.stdout).toContain('vault store secret/dbpass/cli: reachable, credentials accepted');
    expect((await fixture.dbpass(['rotate', '--init'])).code).toBe(0);
    const status = await fixture.dbpass(['--json', 'status']);
    const rows = status.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { stages: string[] });
    expect(rows).toHaveLength(fixture.accounts.length);
    expect(rows.every((row) => row.stages.includes('CURRENT'))).toBe(true);
    expect(status.stdout).not.toContain(bao.token);
    const account = fixture.accounts[0]!;
    const printed = (await fixture.dbpass(['get', account.id])).stdout.trim();
    expect(await fixture.works(account, printed)).toBe(true);
  });
});
