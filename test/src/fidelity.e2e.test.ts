// Fidelity of the emulator where independent clients (official SDKs, curl, requests, httpx) found it differed
// from the clouds: each case failed before its fix.

import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { akSk, createTaurusDbClient } from '@dbpass/client-taurusdb';
import { digestAuthorization, formatSdkDate, parseDigestChallenge, signRequest } from '@dbpass/core/internals';
import { describe, expect, it } from 'vitest';
import { h, NO_RETRIES, o, useEmulator } from './setup.js';

const emulator = useEmulator();
const rootPath = (instance: string) => `/v3/${h.projectId}/instances/${instance}/password`;
const obPath = (instance: string) =>
  `/api/v2/instances/${instance}/tenants/${o.tenantId}/tenantUsers/${o.users[0]}/password?requestId=r1`;

/** Sends raw bytes and returns the whole answer (status line, headers, body). */
function rawExchange(
  port: number,
  bytes: string | Buffer,
  { halfClose = false } = {},
): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head, body });
    });
    socket.write(bytes, () => {
      if (halfClose) socket.end();
    });
  });
}

/** AK/SK headers for a request, signed with the given credentials and extra signed headers. */
function signed(
  method: string,
  path: string,
  body: string,
  credentials: { ak: string; sk: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  const url = new URL(path, emulator.current.url);
  const headers = {
    host: url.host,
    'content-type': 'application/json',
    'x-sdk-date': formatSdkDate(new Date()),
    'x-project-id': h.projectId,
    ...extra,
  };
  return { ...headers, authorization: signRequest({ method, url, headers, body }, credentials).authorization };
}

describe('emulator fidelity', () => {
  it('a malformed percent-escape in a path is a 400 in the right cloud format, before authentication', async () => {
    const huawei = await fetch(`${emulator.current.url}${rootPath('ab%zz')}`, { method: 'POST', body: '{}' });
    expect(huawei.status).toBe(400);
    expect(await huawei.json()).toMatchObject({ error_code: 'APIGW.0201' });
    const oceanbase = await fetch(`${emulator.current.url}${obPath('ob%zz')}`, { method: 'PUT', body: '{}' });
    expect(oceanbase.status).toBe(400);
    expect(await oceanbase.json()).toMatchObject({ success: false, errorCode: 'IllegalArgument' });
  });

  it('a signed X-Sdk-Content-Sha256 must be the hash of the body (UNSIGNED-PAYLOAD opts out)', async () => {
    const path = rootPath(h.instances.taurusdb.id);
    const body = JSON.stringify({ password: 'Content_hash1' });
    const send = (hash: string) =>
      fetch(`${emulator.current.url}${path}`, {
        method: 'POST',
        body,
        headers: signed('POST', path, body, h, { 'x-sdk-content-sha256': hash }),
      });
    const wrong = await send(createHash('sha256').update('{"password":"Other_pw_1"}').digest('hex'));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error_code: 'APIGW.0301' });
    expect((await send(createHash('sha256').update(body).digest('hex'))).status).toBe(200);
    expect((await send('UNSIGNED-PAYLOAD')).status).toBe(200);
  });

  it('an X-Security-Token is refused with a permanent AK and required, signed, with a temporary one', async () => {
    const path = rootPath(h.instances.taurusdb.id);
    const body = JSON.stringify({ password: 'Token_check1' });
    const post = (headers: Record<string, string>) =>
      fetch(`${emulator.current.url}${path}`, { method: 'POST', body, headers });
    expect((await post(signed('POST', path, body, h, { 'x-security-token': 'made-up-token' }))).status).toBe(401);
    const temporary = { ak: h.temporary.ak, sk: h.temporary.sk };
    expect((await post(signed('POST', path, body, temporary))).status).toBe(401);
    expect((await post(signed('POST', path, body, temporary, { 'x-security-token': 'made-up-token' }))).status).toBe(
      401,
    );
    expect(
      (await post({ ...signed('POST', path, body, temporary), 'x-security-token': h.temporary.securityToken })).status,
    ).toBe(401); // present but not signed
    expect(
      (await post(signed('POST', path, body, temporary, { 'x-security-token': h.temporary.securityToken }))).status,
    ).toBe(200);
    // and through the client, as a user of temporary credentials would call it
    const client = createTaurusDbClient({
      endpoint: emulator.current.url,
      projectId: h.projectId,
      retry: NO_RETRIES,
      auth: akSk({ ...temporary, securityToken: h.temporary.securityToken }),
    });
    await client.resetGaussMySqlPassword({ instance_id: h.instances.taurusdb.id, body: { password: 'Token_check2' } });
  });

  it('a Digest answer whose uri is not the request target is a 400, not a new challenge (RFC 7616 3.4.6)', async () => {
    const url = `${emulator.current.url}${obPath(o.instanceId)}`;
    const challenge = parseDigestChallenge(
      (await fetch(url, { method: 'PUT', body: '{}' })).headers.get('www-authenticate'),
    )!;
    const { header } = digestAuthorization({
      challenge,
      username: o.accessKeyId,
      password: o.accessKeySecret,
      method: 'PUT',
      uri: obPath('another-instance'),
      nc: 1,
    });
    const answer = await fetch(url, {
      method: 'PUT',
      body: JSON.stringify({ userPassword: 'Digest_uri_1!' }),
      headers: { authorization: header, 'x-ob-project-id': o.projectId, 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('www-authenticate')).toBeNull();
    expect(await answer.json()).toMatchObject({ success: false, errorCode: 'IllegalArgument' });
  });

  it('protocol-level errors answer in the cloud format: a bad request line, headers over the gateway limit, a short body', async () => {
    const port = emulator.current.port;
    const badLine = await rawExchange(port, 'NOT A REQUEST\r\n\r\n');
    expect(badLine.status).toBe(400);
    expect(JSON.parse(badLine.body)).toMatchObject({ error_code: 'APIGW.0201' });

    const big = 'x'.repeat(140 * 1024);
    const tooLarge = await rawExchange(
      port,
      `POST ${rootPath(h.instances.taurusdb.id)} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${big}\r\n\r\n`,
    );
    expect(tooLarge.status).toBe(494);
    expect(JSON.parse(tooLarge.body)).toMatchObject({ error_code: 'APIGW.0201' });
    const obTooLarge = await rawExchange(
      port,
      `PUT ${obPath(o.instanceId)} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${big}\r\n\r\n`,
    );
    expect(obTooLarge.status).toBe(431);
    expect(JSON.parse(obTooLarge.body)).toMatchObject({ success: false });
    // 20 KB of headers is within the gateway's limits (Node's default would refuse it): an ordinary 401.
    const within = await fetch(`${emulator.current.url}${rootPath(h.instances.taurusdb.id)}`, {
      method: 'POST',
      body: '{}',
      headers: { 'x-big': 'y'.repeat(20 * 1024) },
    });
    expect(within.status).toBe(401);

    const short = await rawExchange(
      port,
      `PUT ${obPath(o.instanceId)} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"userPassword":`,
      { halfClose: true },
    );
    expect(short.status).toBe(400);
    expect(JSON.parse(short.body)).toMatchObject({ success: false, errorCode: 'IllegalArgument' });
  });

  it('validation messages name each location once (body.password, not "body body/password")', async () => {
    const path = rootPath(h.instances.taurusdb.id);
    const body = JSON.stringify({ password: 'short' });
    const answer = await fetch(`${emulator.current.url}${path}`, {
      method: 'POST',
      body,
      headers: signed('POST', path, body, h),
    });
    expect(answer.status).toBe(400);
    const { error_msg: message } = (await answer.json()) as { error_msg: string };
    expect(message).toMatch(/body\.password must NOT have fewer than 8 characters/);
    expect(message).not.toMatch(/body body/);
  });
});
