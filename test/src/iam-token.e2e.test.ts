// IAM token auth against the emulator's IAM: issued once per scope however many calls wait, refreshed
// ahead of expiry, refreshed and retried once when the service says the token is invalid.

import { AuthenticationError, createTaurusDbClient, iamToken } from '@dbpass/client-taurusdb';
import { startEmulator } from '@dbpass/emulator';
import { describe, expect, it } from 'vitest';
import { h, taurusWithToken, thrown, useEmulator } from './setup.js';

const emulator = useEmulator();
const change = (client: ReturnType<typeof taurusWithToken>, password: string) =>
  client.updateStarRocksDatabaseUserPassword({
    instance_id: h.instances.starrocks.id,
    body: { user_name: h.starrocksUsers[0], password },
  });

describe('iamToken with an IAM user password', () => {
  it('fetches one token for 20 concurrent calls (single flight) and reuses it', async () => {
    const issued = emulator.current.iam.issuedCount;
    const client = taurusWithToken(emulator.current);
    await Promise.all(Array.from({ length: 20 }, (_, index) => change(client, `Concurrent_${index}x`)));
    await change(client, 'Concurrent_later');
    expect(emulator.current.iam.issuedCount - issued).toBe(1);
  });

  it('refreshes once and retries once when the service no longer accepts the token', async () => {
    const client = taurusWithToken(emulator.current);
    await change(client, 'Before_revoke1');
    emulator.current.iam.tokens.clear();
    const issued = emulator.current.iam.issuedCount;
    const before = emulator.current.requests.length;
    await expect(change(client, 'After_revoke1')).resolves.toEqual({ result: 'SUCCESS' });
    expect(emulator.current.iam.issuedCount - issued).toBe(1);
    expect(
      emulator.current.requests.slice(before).map((request) => `${request.operationId} ${request.status}`),
    ).toEqual([
      'UpdateStarRocksDatabaseUserPassword 401',
      'KeystoneCreateUserTokenByPassword 201',
      'UpdateStarRocksDatabaseUserPassword 200',
    ]);
  });

  it('refreshes ahead of expiry', async () => {
    let now = Date.now();
    const local = await startEmulator({ tokenTtlMs: 60 * 60_000, now: () => now });
    try {
      const client = createTaurusDbClient({
        endpoint: local.url,
        projectId: h.projectId,
        auth: iamToken({
          userName: h.iamUser.name,
          password: h.iamUser.password,
          domainName: h.domainName,
          iamEndpoint: local.url,
          refreshBeforeMs: 10 * 60_000,
          now: () => now,
        }),
      });
      await change(client, 'Expiry_test_1');
      now += 45 * 60_000;
      await change(client, 'Expiry_test_2');
      expect(local.iam.issuedCount).toBe(1);
      now += 6 * 60_000; // 51 minutes: inside the 10-minute refresh window of a 60-minute token
      await change(client, 'Expiry_test_3');
      expect(local.iam.issuedCount).toBe(2);
      expect(local.requests.filter((request) => request.status === 401)).toEqual([]);
    } finally {
      await local.stop();
    }
  });

  it('a wrong IAM password is an AuthenticationError from IAM, and nothing reaches TaurusDB', async () => {
    const before = emulator.current.requests.length;
    const error = await thrown(() =>
      change(taurusWithToken(emulator.current, { password: 'wrong-iam-password' }), 'Never_sent_1'),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.operation).toBe('KeystoneCreateUserTokenByPassword');
    expect(emulator.current.requests.slice(before).map((request) => request.operationId)).toEqual([
      'KeystoneCreateUserTokenByPassword',
    ]);
  });

  it('a static token is sent as given; an unknown one is refused with APIGW.0301', async () => {
    const client = createTaurusDbClient({
      endpoint: emulator.current.url,
      projectId: h.projectId,
      auth: iamToken({ token: 'MIIT-not-issued-by-iam' }),
    });
    const error = await thrown(() => change(client, 'Static_token1'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBe('APIGW.0301');
  });

  it('uses the regional or global IAM host from the spec', async () => {
    const seen: string[] = [];
    const recordingFetch = async (input: Request | string | URL) => {
      seen.push(new URL(String(input instanceof Request ? input.url : input)).host);
      return new Response('{}', { status: 500 });
    };
    for (const iamEndpoint of ['regional', 'global'] as const) {
      const client = createTaurusDbClient({
        region: 'ap-southeast-1',
        projectId: h.projectId,
        fetch: recordingFetch,
        auth: iamToken({ userName: 'u', password: 'p', domainName: 'd', iamEndpoint }),
      });
      await thrown(() => change(client, 'Never_sent_2'));
    }
    expect(seen).toEqual(['iam.ap-southeast-1.myhuaweicloud.com', 'iam.myhuaweicloud.com']);
  });
});
