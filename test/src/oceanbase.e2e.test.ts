// The generated OceanBase client against the emulator: the operation, Digest auth behaviour, error paths.

import {
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionError,
  ServerError,
  ThrottlingError,
  ValidationError,
} from '@dbpass/client-oceanbase';
import { describe, expect, it } from 'vitest';
import { NO_RETRIES, o, oceanbaseClient, oceanbaseRaw, thrown, useEmulator } from './setup.js';

const emulator = useEmulator();
const account = { cloud: 'oceanbase', instanceId: o.instanceId, tenantId: o.tenantId, userName: o.users[0] } as const;
const target = { instanceId: o.instanceId, tenantId: o.tenantId, userName: o.users[0] };

describe('ModifyTenantUserPassword', () => {
  it('changes the password (200, success envelope echoing the requestId)', async () => {
    const requestId = crypto.randomUUID();
    const result = await oceanbaseClient(emulator.current).modifyTenantUserPassword({
      ...target,
      requestId,
      body: { userPassword: 'Tenant_pw_2026!' },
    });
    expect(result).toMatchObject({ success: true, requestId });
    expect(emulator.current.state.checkPassword(account, 'Tenant_pw_2026!')).toBe(true);
  });

  it('sends a fresh UUID requestId when the call gives none', async () => {
    const result = await oceanbaseClient(emulator.current).modifyTenantUserPassword({
      ...target,
      body: { userPassword: 'Tenant_pw_2027!' },
    });
    expect(result.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('answers the challenge once, then reuses the nonce with an increasing count', async () => {
    const client = oceanbaseClient(emulator.current);
    const before = emulator.current.requests.length;
    const challengesBefore = emulator.current.digest.challenges;
    for (let index = 0; index < 3; index++)
      await client.modifyTenantUserPassword({ ...target, body: { userPassword: `Tenant_pw_${index}abc!` } });
    const statuses = emulator.current.requests.slice(before).map((request) => request.status);
    expect(statuses).toEqual([401, 200, 200, 200]);
    expect(emulator.current.digest.challenges - challengesBefore).toBe(1);
  });

  it('404 for a tenant that does not exist', async () => {
    const error = await thrown(() =>
      oceanbaseClient(emulator.current).modifyTenantUserPassword({
        ...target,
        tenantId: 't4nothere',
        body: { userPassword: 'Tenant_pw_404!' },
      }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'NotFound', $metadata: { httpStatusCode: 404 } });
  });

  it('403 for another project', async () => {
    const error = await thrown(() =>
      oceanbaseClient(emulator.current, { projectId: 'someoneelsesproject01' }).modifyTenantUserPassword({
        ...target,
        body: { userPassword: 'Tenant_pw_403!' },
      }),
    );
    expect(error).toBeInstanceOf(PermissionError);
  });

  it('a wrong secret fails with one clear AuthenticationError and no loop', async () => {
    const before = emulator.current.requests.length;
    const error = await thrown(() =>
      oceanbaseClient(emulator.current, { secret: 'not-the-secret' }).modifyTenantUserPassword({
        ...target,
        body: { userPassword: 'Tenant_pw_401!' },
      }),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBe('DigestAuthenticationFailed');
    expect(error.message).toMatch(/check the AccessKey secret/);
    expect(emulator.current.requests.slice(before).map((request) => request.status)).toEqual([401, 401]);
  });

  it('400 IllegalArgument for a password the policy refuses, sent raw', async () => {
    const { error, response } = await oceanbaseRaw(emulator.current.url).PUT(
      '/api/v2/instances/{instanceId}/tenants/{tenantId}/tenantUsers/{userName}/password',
      {
        params: { path: target, query: { requestId: crypto.randomUUID() }, header: { 'X-Ob-Project-Id': o.projectId } },
        body: { userPassword: 'alllowercase1' },
      },
    );
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ success: false, errorCode: 'IllegalArgument' });
  });

  it('429 and 500 become ThrottlingError and ServerError (E001R000)', async () => {
    emulator.current.injectFault({ operationId: 'ModifyTenantUserPassword', status: 429, retryAfter: '1' });
    expect(
      await thrown(() =>
        oceanbaseClient(emulator.current, { retry: NO_RETRIES }).modifyTenantUserPassword({
          ...target,
          body: { userPassword: 'Tenant_pw_429!' },
        }),
      ),
    ).toBeInstanceOf(ThrottlingError);
    emulator.current.injectFault({ operationId: 'ModifyTenantUserPassword', status: 500 });
    const error = await thrown(() =>
      oceanbaseClient(emulator.current, { retry: NO_RETRIES }).modifyTenantUserPassword({
        ...target,
        body: { userPassword: 'Tenant_pw_500!' },
      }),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error.code).toBe('E001R000');
  });

  it('refuses a weak password, a reserved user name and a bad requestId before sending', async () => {
    const before = emulator.current.requests.length;
    const error = await thrown(() =>
      oceanbaseClient(emulator.current).modifyTenantUserPassword({
        ...target,
        userName: 'ROOT',
        requestId: 'not-a-uuid',
        body: { userPassword: 'Short1a' },
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((issue: { field: string; rule: string }) => `${issue.field} ${issue.rule}`)).toEqual(
      expect.arrayContaining([
        'path.userName pattern',
        'path.userName reserved-word',
        'query.requestId pattern',
        'query.requestId format',
        'body.userPassword password.too-short',
        'body.userPassword password.too-few-classes',
      ]),
    );
    expect(emulator.current.requests.length).toBe(before);
    expect(error).not.toBeInstanceOf(BadRequestError);
  });
});

describe("the emulator's Digest server", () => {
  it('says stale=true for an expired nonce, and the client answers the new one', async () => {
    let now = Date.now();
    const { startEmulator } = await import('@dbpass/emulator');
    const local = await startEmulator({ nonceTtlMs: 1_000, now: () => now });
    try {
      const client = oceanbaseClient(local);
      await client.modifyTenantUserPassword({ ...target, body: { userPassword: 'Tenant_stale_1!' } });
      now += 2_000;
      await client.modifyTenantUserPassword({ ...target, body: { userPassword: 'Tenant_stale_2!' } });
      expect(local.requests.map((request) => request.status)).toEqual([401, 200, 401, 200]);
      expect(local.state.checkPassword(account, 'Tenant_stale_2!')).toBe(true);
    } finally {
      await local.stop();
    }
  });

  it('refuses a replayed nonce count', async () => {
    const client = oceanbaseClient(emulator.current);
    await client.modifyTenantUserPassword({ ...target, body: { userPassword: 'Tenant_replay_1!' } });
    const sent: Array<{ url: string; init: RequestInit }> = [];
    // Capture one authorised request on the wire, then send the very same bytes again.
    const { createOceanBaseClient, oceanbaseDigest } = await import('@dbpass/client-oceanbase');
    const capturing = createOceanBaseClient({
      endpoint: emulator.current.url,
      projectId: o.projectId,
      auth: oceanbaseDigest({ accessKeyId: o.accessKeyId, accessKeySecret: o.accessKeySecret }),
      fetch: async (input, init) => {
        sent.push({ url: String(input), init: init! });
        return fetch(input, init);
      },
    });
    await capturing.modifyTenantUserPassword({ ...target, body: { userPassword: 'Tenant_replay_2!' } });
    const authorised = sent.find((request) => new Headers(request.init.headers).has('authorization'))!;
    const replay = await fetch(authorised.url, authorised.init);
    expect(replay.status).toBe(401);
    expect(replay.headers.get('www-authenticate')).toMatch(/^Digest /);
    expect(emulator.current.state.checkPassword(account, 'Tenant_replay_2!')).toBe(true);
  });
});
