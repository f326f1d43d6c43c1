// Query parameters arrive as text: the emulator reads them as the types their schemas declare before checking
// them, so `limit=10` is the integer 10 (it was refused as "must be integer"), while `limit=ten` and `limit=0` are
// still refused in the cloud's format. Through plain fetch with an IAM token, and through the generated clients.
import { ValidationError } from '@dbpass/client-taurusdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/server.js';
import { h, iamToken, oceanbaseClient, taurusClient, tenant, thrown } from './clients.js';

let emulator: Emulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator();
  token = await iamToken(emulator.url);
});

afterAll(async () => {
  await emulator?.stop();
});

const listUsers = (query: string) =>
  fetch(`${emulator.url}/v3/${h.projectId}/instances/${h.instances.taurusdb.id}/db-users?${query}`, {
    headers: { 'X-Auth-Token': token },
  });

describe('query parameters are read as their declared types', () => {
  it('limit=1&offset=1 is one page of one user, the second', async () => {
    const response = await listUsers('limit=1&offset=1');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      users: [{ name: 'report_user', host: '10.10.10.%', databases: [{ name: 'reports', readonly: true }] }],
      total_count: 2,
    });
  });

  it.each([
    ['limit=ten', 'query.limit must be integer'],
    ['limit=0', 'query.limit must be >= 1'],
    ['limit=101', 'query.limit must be <= 100'],
    ['limit=1.5', 'query.limit must be integer'],
    ['offset=-1', 'query.offset must be >= 0'],
  ])('%s is refused: 400 DBS.280001 "%s"', async (query, message) => {
    const response = await listUsers(query);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error_code: 'DBS.280001', error_msg: `Parameter error: ${message}` });
  });

  it('the generated clients page with numbers (TaurusDB, StarRocks, OceanBase)', async () => {
    const taurus = taurusClient(emulator.url);
    expect(await taurus.listGaussMySqlDatabaseUser({ instance_id: h.instances.taurusdb.id, limit: 1 })).toMatchObject({
      users: [{ name: 'app_user' }],
      total_count: 2,
    });
    expect(
      await taurus.showStarRocksDatabaseUser({ instance_id: h.instances.starrocks.id, limit: 100, offset: 0 }),
    ).toMatchObject({ total_count: 1 });
    const { data } = await oceanbaseClient(emulator.url).describeTenantUsers({ ...tenant, pageNumber: 1, pageSize: 1 });
    expect(data).toMatchObject({ total: 1, hasMore: false, dataList: [{ userName: 'app_user' }] });
  });

  it('the client refuses limit 0 before anything is sent', async () => {
    const before = emulator.requests.length;
    const error = await thrown(() =>
      taurusClient(emulator.url).listGaussMySqlDatabaseUser({ instance_id: h.instances.taurusdb.id, limit: 0 }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ field: 'query.limit', rule: 'minimum', message: 'must be at least 1' }]);
    expect(emulator.requests.length).toBe(before);
  });
});
