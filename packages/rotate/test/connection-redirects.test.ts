// Rotation's cloud clients never follow a redirect: a 307 to another origin would re-send the new password, the
// AK/SK signature and X-Security-Token there. Both servers are on 127.0.0.1.
import { RedirectError } from '@dbpass/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RecordingServer, recordingServer } from '../../core/test/recording-server.js';
import { noCheckpoint } from '../src/checkpoint.js';
import type { HuaweiConnection } from '../src/plan/plan.js';
import { groupClients, resolveConnection } from '../src/protocol/connection-clients.js';

const SECURITY_TOKEN = 'security-token-that-must-stay-here';
const PASSWORD = 'Nw9-Passw0rd-stays';
const env = { DBPASS_AK: 'AKEXAMPLE', DBPASS_SK: 'sk-that-must-stay-here', DBPASS_ST: SECURITY_TOKEN };

let elsewhere: RecordingServer;
let redirecting: RecordingServer;
beforeAll(async () => {
  elsewhere = await recordingServer((_request, response) => response.writeHead(200).end('{}'));
  redirecting = await recordingServer((_request, response) =>
    response
      .writeHead(307, { location: `http://127.0.0.1:${elsewhere.port}/v3/elsewhere?X-Security-Token=leak` })
      .end(),
  );
});
afterAll(async () => {
  await elsewhere.close();
  await redirecting.close();
});

const connection = (endpoint: string): HuaweiConnection => ({
  cloud: 'huawei',
  endpoint,
  projectId: 'p'.repeat(32),
  credentials: { accessKeyEnv: 'DBPASS_AK', secretKeyEnv: 'DBPASS_SK', securityTokenEnv: 'DBPASS_ST' },
});

it('a redirect answering a password change is a RedirectError naming where it pointed; nothing reaches it', async () => {
  const clients = groupClients(resolveConnection('huawei', connection(redirecting.url), env), noCheckpoint);
  const error = await clients
    .taurus!.resetGaussMySqlPassword({ instance_id: `${'i'.repeat(32)}in07`, body: { password: PASSWORD } })
    .then(
      () => expect.fail('the call succeeded'),
      (thrown: unknown) => thrown as RedirectError,
    );
  expect(error).toBeInstanceOf(RedirectError);
  expect(error.location).toBe(`http://127.0.0.1:${elsewhere.port}/v3/elsewhere`);
  for (const secret of [SECURITY_TOKEN, PASSWORD, 'leak']) expect(error.message).not.toContain(secret);
  expect(redirecting.requests).toHaveLength(1);
  expect(redirecting.requests[0]?.headers['x-security-token']).toBe(SECURITY_TOKEN);
  expect(elsewhere.connections()).toBe(0);
});
