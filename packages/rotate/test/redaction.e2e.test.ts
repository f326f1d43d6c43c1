// A run scrubs every secret it has seen from everything that leaves it: a server echoing a whole batch's passwords,
// a store failing with passwords in its message, a cloud secret in a setup error.
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { type Emulator, startEmulator } from '@dbpass/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore, parsePlan, type RotationEvent, rotate, type SecretStore } from '../src/index.js';
import { rotateHarness } from './rotate-harness.js';

const PROJECT = '0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b';
const INSTANCE = '6f0d8b1c2a3e4f5061728394a5b6c7d8in07';
const USERS = ['app_one', 'app_two', 'app_three', 'app_four'];

let server: Server | undefined;
let emulator: Emulator | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await emulator?.stop();
  server = undefined;
  emulator = undefined;
});

/** A cloud that refuses every set and, like a careless API gateway, echoes the request's passwords in its message. */
async function echoingCloud(): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      bodies.push(body);
      const passwords = ((JSON.parse(body || '{}') as { users?: Array<{ password: string }> }).users ?? []).map(
        (user) => user.password,
      );
      response.writeHead(403, { 'Content-Type': 'application/json', 'X-Request-Id': 'req-echo' });
      response.end(
        JSON.stringify({
          error_code: 'DBS.200010',
          error_msg: `policy denies passwords ${passwords.join(', ')}\nfirst of them again: ${passwords[0]}`,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

/** The store with some methods replaced. */
function storeWith(store: SecretStore, overrides: Partial<SecretStore>): SecretStore {
  const methods = [
    'lock',
    'lockHolder',
    'breakLock',
    'read',
    'list',
    'inspect',
    'adopt',
    'putPending',
    'note',
    'promote',
  ] as const;
  const bound = Object.fromEntries(
    methods.map((name) => [name, (...args: unknown[]) => (store[name] as (...a: unknown[]) => unknown)(...args)]),
  );
  return { ...bound, ...overrides } as unknown as SecretStore;
}

const everything = (value: unknown) =>
  `${JSON.stringify(value)}\n${inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true })}`;

describe('a run scrubs every secret it has seen', () => {
  it("a server echoing a batch's passwords leaks none of them into any account's events or results", async () => {
    const cloud = await echoingCloud();
    const dir = await mkdtemp(path.join(tmpdir(), 'dbpass-redaction-'));
    const env = { DBPASS_STORE_KEY: randomBytes(32).toString('base64'), HW_AK: 'AKEXAMPLE', HW_SK: 'sk-secret-42' };
    const plan = parsePlan(
      `version: 1
store: { file: store.dbpass, keyEnv: DBPASS_STORE_KEY }
connections:
  hw: { cloud: huawei, endpoint: "${cloud.url}", projectId: ${PROJECT}, credentials: { accessKeyEnv: HW_AK, secretKeyEnv: HW_SK } }
targets:
  - name: app
    kind: taurusdb-db-users
    connection: hw
    instanceId: ${INSTANCE}
    verify: { by: api, reason: no route to the database from here }
    users: [${USERS.map((user) => `{ user: ${user} }`).join(', ')}]
`,
      'plan',
      dir,
    );
    const store = await FileStore.open({
      path: path.join(dir, 'store.dbpass'),
      key: { env: 'DBPASS_STORE_KEY' },
      env,
    });
    const events: RotationEvent[] = [];
    const summary = await rotate({ plan, store, env, init: true, onEvent: (event) => events.push(event) });

    expect(cloud.bodies).toHaveLength(1);
    expect(summary.counts.failed).toBe(USERS.length);
    const passwords = await Promise.all(
      USERS.map(async (user) => (await store.read(`app/${user}@%`, 'PENDING'))!.password!),
    );
    // The server did echo them all, in one message each account's result is built from.
    for (const password of passwords) expect(cloud.bodies[0]).toContain(password);
    const setEvents = events.filter((event) => event.step === 'set');
    expect(new Set(setEvents.map((event) => event.account)).size).toBe(USERS.length);
    for (const event of setEvents) expect(event.message).toMatch(/policy denies passwords \[REDACTED\], \[REDACTED\]/);
    const shown = everything({ events, summary });
    for (const password of [...passwords, env.HW_SK]) expect(shown).not.toContain(password);
  });

  it("a store failing with every account's password in its message leaks none of them (the fleet's catch-all)", async () => {
    emulator = await startEmulator({ jobVisibleAfterMs: 20, jobDurationMs: 60 });
    const harness = await rotateHarness(emulator);
    const stored: string[] = [];
    const leaky: SecretStore = storeWith(harness.store, {
      putPending: (accountId: string, password: string, versionId: string) => {
        stored.push(password);
        return harness.store.putPending(accountId, password, versionId);
      },
      promote: () => {
        throw new Error(`write failed for a document holding ${stored.join(' ')}`, {
          cause: new Error(`the bytes were ${stored.join('|')}`),
        });
      },
    });
    const events: RotationEvent[] = [];
    const summary = await harness.run({ store: leaky, onEvent: (event) => events.push(event) });

    expect(summary.counts.failed).toBe(stored.length);
    expect(stored.length).toBeGreaterThan(1);
    expect(
      summary.results.every((result) => result.message?.startsWith('write failed for a document holding [REDACTED]')),
    ).toBe(true);
    const shown = everything({ events, summary });
    for (const password of stored) expect(shown).not.toContain(password);
  });

  it('an error thrown out of the run holds no secret of its environment, and keeps its class', async () => {
    emulator = await startEmulator();
    const harness = await rotateHarness(emulator);
    class LockBroken extends Error {}
    const broken: SecretStore = storeWith(harness.store, {
      lock: () => Promise.reject(new LockBroken(`the lock server said: bad credentials ${harness.env.HW_SK}`)),
    });
    const error = await harness.run({ store: broken }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LockBroken);
    expect((error as Error).message).toBe('the lock server said: bad credentials [REDACTED]');
    expect(everything(error)).not.toContain(harness.env.HW_SK);
  });
});
