// DescribeTenant on the emulator, through the generated client over loopback with Digest: the seeded tenant is
// answered from the state (and, with real engines, with the twin's address), unknown ids and other projects get
// the envelope errors the spec documents, and nothing changes.
import {
  AuthenticationError,
  createOceanBaseClient,
  NotFoundError,
  oceanbaseDigest,
  PermissionError,
} from '@dbpass/client-oceanbase';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../src/seed.js';
import { type Emulator, startEmulator } from '../src/server.js';

const o = seed.oceanbase;
const tenant = { instanceId: o.instanceId, tenantId: o.tenantId };
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator?.stop();
});

function client(target: Emulator, options: { projectId?: string; secret?: string } = {}) {
  return createOceanBaseClient({
    endpoint: target.url,
    projectId: options.projectId ?? o.projectId,
    auth: oceanbaseDigest({ accessKeyId: o.accessKeyId, accessKeySecret: options.secret ?? o.accessKeySecret }),
  });
}

async function thrown(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('the call did not fail');
}

describe('DescribeTenant', () => {
  it('answers the seeded tenant in the success envelope, after one Digest challenge, and changes nothing', async () => {
    const before = emulator.requests.length;
    const requestId = crypto.randomUUID();
    const result = await client(emulator).describeTenant({ ...tenant, requestId });
    expect(result).toMatchObject({ success: true, requestId, server: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    expect(result.data).toMatchObject({
      tenantId: o.tenantId,
      tenantName: o.tenantId,
      tenantMode: 'MySQL',
      status: 'ONLINE',
      tenantConnections: [],
    });
    const requests = emulator.requests.slice(before);
    expect(requests.map(({ method, operationId, status }) => ({ method, operationId, status }))).toEqual([
      { method: 'GET', operationId: 'DescribeTenant', status: 401 },
      { method: 'GET', operationId: 'DescribeTenant', status: 200 },
    ]);
    expect(requests[0]!.path).toBe(`/api/v2/instances/${o.instanceId}/tenants/${o.tenantId}`);
    expect(emulator.state.applications.size).toBe(0);
    expect(
      emulator.state.checkPassword({ cloud: 'oceanbase', ...tenant, userName: o.users[0] }, seed.initialPassword),
    ).toBe(true);
  });

  it('sends a fresh UUID requestId when the call gives none', async () => {
    const result = await client(emulator).describeTenant(tenant);
    expect(result.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each([
    { what: 'tenant', ids: { ...tenant, tenantId: 't4nothere' } },
    { what: 'instance', ids: { ...tenant, instanceId: 'obcluster-nothere' } },
  ])('404 NotFound envelope for an unknown $what', async ({ ids }) => {
    const requestId = crypto.randomUUID();
    const error = await thrown(() => client(emulator).describeTenant({ ...ids, requestId }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      code: 'NotFound',
      operation: 'DescribeTenant',
      $metadata: { httpStatusCode: 404, requestId },
    });
  });

  it('403 Forbidden for another project', async () => {
    const error = await thrown(() => client(emulator, { projectId: 'someoneelsesproject01' }).describeTenant(tenant));
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ code: 'Forbidden', $metadata: { httpStatusCode: 403 } });
  });

  it('401 with a Digest challenge without credentials; a wrong secret is one AuthenticationError', async () => {
    const response = await fetch(`${emulator.url}/api/v2/instances/${o.instanceId}/tenants/${o.tenantId}?requestId=x`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Digest realm="OceanBase Cloud", qop="auth"/);
    expect(await response.json()).toMatchObject({ success: false, errorCode: 'Unauthorized' });
    const error = await thrown(() => client(emulator, { secret: 'not-the-secret' }).describeTenant(tenant));
    expect(error).toBeInstanceOf(AuthenticationError);
  });
});

describe('DescribeTenant with real engines', () => {
  it("reports the twin's MariaDB as the tenant's private address, where its user logs in", async () => {
    const twin = await startEmulator({ engines: 'real' });
    try {
      const { data } = await client(twin).describeTenant(tenant);
      const address = twin.engines.addresses.get(`oceanbase/${o.instanceId}/${o.tenantId}`)!;
      expect(address).toBeDefined();
      expect(data.tenantConnections).toEqual([
        { networkType: 'INTRANET', addressStatus: 'ONLINE', intranetAddress: '127.0.0.1', intranetPort: address.port },
      ]);
      // The reported address is where the tenant's user logs in.
      const [connection] = data.tenantConnections!;
      const login = await createConnection({
        host: connection!.intranetAddress,
        port: connection!.intranetPort,
        user: o.users[0],
        password: seed.initialPassword,
      });
      await login.end();
    } finally {
      await twin.stop();
    }
  });
});
