// A server that echoes the new password it was sent in its error message: the typed error a generated client
// throws shows it nowhere (message, stack, JSON, util.inspect, cause). The server listens on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { akSk, BadRequestError, createTaurusDbClient, type TaurusDbClient } from '@dbpass/client-taurusdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { h } from './setup.js';

const ROOT_PASSWORD = 'Echoed_Root_Pw_41';
const USER_PASSWORDS = ['Echoed_User_Pw_42', 'Echoed_User_Pw_43'];

/** Every password in a request body, at any depth. */
function passwordsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(passwordsIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === 'password' && typeof item === 'string' ? [item] : passwordsIn(item),
  );
}

let server: Server;
let client: TaurusDbClient;
const seen: string[] = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const passwords = passwordsIn(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      seen.push(...passwords);
      response
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error_code: 'DBS.280203', error_msg: `weak password: ${passwords.join(', ')}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = createTaurusDbClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    projectId: h.projectId,
    retry: { maxAttempts: 1 },
    auth: akSk({ ak: h.ak, sk: h.sk }),
  });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('the call succeeded'),
    (error: unknown) => error as Error & { cause?: unknown },
  );

function shown(error: Error & { cause?: unknown }): string {
  return [
    error.message,
    error.stack,
    JSON.stringify(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    inspect(error.cause, { depth: Number.POSITIVE_INFINITY }),
  ].join('\n');
}

describe('a server echoing the password it was sent', () => {
  it('the root password is not in the error', async () => {
    const error = await failure(
      client.resetGaussMySqlPassword({ instance_id: h.instances.taurusdb.id, body: { password: ROOT_PASSWORD } }),
    );
    expect(seen).toContain(ROOT_PASSWORD);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toContain('DBS.280203 weak password: [REDACTED]');
    expect(shown(error)).not.toContain(ROOT_PASSWORD);
  });

  it("no database user's password is in the error", async () => {
    const users = USER_PASSWORDS.map((password, index) => ({ name: `echo_user_${index}`, host: '%', password }));
    const error = await failure(
      client.resetGaussMySqlDatabasePassword({ instance_id: h.instances.taurusdb.id, body: { users } }),
    );
    for (const password of USER_PASSWORDS) expect(seen).toContain(password);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toContain('weak password: [REDACTED], [REDACTED]');
    for (const password of USER_PASSWORDS) expect(shown(error)).not.toContain(password);
  });
});
