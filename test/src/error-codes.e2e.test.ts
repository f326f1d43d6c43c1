// Every error code the reference lists for these operations (docs/reference/huawei.md d and f,
// docs/reference/oceanbase.md 2), sent by the emulator in the cloud's format, becomes the typed error a
// caller would branch on. The table is restated here from the reference, not read from the code.

import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionError,
  ServerError,
  ThrottlingError,
} from '@dbpass/client-taurusdb';
import { describe, expect, it } from 'vitest';
import { FAST_RETRIES, h, NO_RETRIES, o, oceanbaseClient, taurusWithAkSk, thrown, useEmulator } from './setup.js';

const emulator = useEmulator();

const huawei: Array<[number, string, abstract new (...args: never[]) => Error]> = [
  ...[
    'DBS.200001',
    'DBS.200004',
    'DBS.280001',
    'DBS.290000',
    'DBS.200006',
    'DBS.200052',
    'DBS.280246',
    'DBS.280203',
    'DBS.280204',
    'DBS.200086',
    'DBS.201014',
    'DBS.280404',
    'DBS.280449',
    'DBS.05000006',
    'DBS.05000007',
    'DBS.280292',
  ].map((code) => [400, code, BadRequestError] as [number, string, typeof BadRequestError]),
  [400, 'DBS.200543', NotFoundError], // the job does not exist (yet)
  [400, 'DBS.200824', NotFoundError], // the database account does not exist
  [400, 'DBS.200823', NotFoundError], // the database does not exist
  [409, 'DBS.200827', ConflictError], // the database user already exists (final: never retried)
  [409, 'DBS.200828', BadRequestError], // a built-in account name: a 409 that is a caller's mistake, not a conflict
  [500, 'DBS.200821', ServerError], // the grant failed
  [401, 'APIGW.0301', AuthenticationError],
  [401, 'APIG.0301', AuthenticationError],
  [403, 'DBS.280056', AuthenticationError], // invalid token
  ...['DBS.200010', 'DBS.200604', 'DBS.200044', 'DBS.201003', 'DBS.280015'].map(
    (code) => [403, code, PermissionError] as [number, string, typeof PermissionError],
  ),
  ...[
    'DBS.200002',
    'DBS.200045',
    'DBS.200408',
    'DBS.200602',
    'DBS.290005',
    'DBS.290011',
    'DBS.290013',
    'APIGW.0101',
  ].map((code) => [404, code, NotFoundError] as [number, string, typeof NotFoundError]),
  ...['DBS.200011', 'DBS.200019', 'DBS.200047', 'DBS.201202', 'DBS.212006', 'DBS.280406'].map(
    (code) => [409, code, ConflictError] as [number, string, typeof ConflictError],
  ),
  [429, 'APIG.0308', ThrottlingError],
  ...[
    'DBS.108000',
    'DBS.108002',
    'DBS.108005',
    'DBS.200005',
    'DBS.200208',
    'DBS.213002',
    'DBS.213004',
    'DBS.290006',
    'DBS.290015',
    'DBS.05000000',
  ].map((code) => [500, code, ServerError] as [number, string, typeof ServerError]),
];

describe('Huawei error codes', () => {
  it.each(huawei)('%i %s', async (status, code, ErrorClass) => {
    emulator.current.injectFault({ operationId: 'UpdateStarRocksDatabaseUserPassword', status, code });
    const error = await thrown(() =>
      taurusWithAkSk(emulator.current, { retry: NO_RETRIES }).updateStarRocksDatabaseUserPassword({
        instance_id: h.instances.starrocks.id,
        body: { user_name: h.starrocksUsers[0], password: 'Code_map_pw1' },
      }),
    );
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({
      code,
      operation: 'UpdateStarRocksDatabaseUserPassword',
      $metadata: { httpStatusCode: status, attempts: 1 },
    });
    expect(error.$metadata.requestId).toBeTruthy();
  });
});

describe('a user that exists already is final', () => {
  it('409 DBS.200827 from CreateGaussMySqlDatabaseUser is not retried, unlike the busy 409 DBS.200011', async () => {
    const create = () =>
      taurusWithAkSk(emulator.current, { retry: FAST_RETRIES }).createGaussMySqlDatabaseUser({
        instance_id: h.instances.taurusdb.id,
        body: { users: [{ name: h.dbUsers[0].name, password: 'Code_map_pw1' }] },
      });
    // The seeded app_user exists: the emulator itself answers 409 DBS.200827.
    const exists = await thrown(create);
    expect(exists).toBeInstanceOf(ConflictError);
    expect(exists).toMatchObject({ code: 'DBS.200827', $metadata: { httpStatusCode: 409, attempts: 1 } });
    emulator.current.injectFault({ operationId: 'ListGaussMySqlDatabaseUser', status: 409, code: 'DBS.200011' });
    const listed = await taurusWithAkSk(emulator.current, { retry: FAST_RETRIES }).listGaussMySqlDatabaseUser({
      instance_id: h.instances.taurusdb.id,
    });
    expect(listed.total_count).toBe(h.dbUsers.length);
    const listings = emulator.current.requests.filter(
      (request) => request.operationId === 'ListGaussMySqlDatabaseUser',
    );
    expect(listings.map((request) => request.status)).toEqual([409, 200]);
  });
});

describe('OceanBase error codes', () => {
  it('E001R000 (Unknown Error) is a ServerError with the request id from the body', async () => {
    emulator.current.injectFault({ operationId: 'ModifyTenantUserPassword', status: 500, code: 'E001R000' });
    const requestId = crypto.randomUUID();
    const error = await thrown(() =>
      oceanbaseClient(emulator.current, { retry: NO_RETRIES }).modifyTenantUserPassword({
        instanceId: o.instanceId,
        tenantId: o.tenantId,
        userName: o.users[0],
        requestId,
        body: { userPassword: 'Code_map_pw1!' },
      }),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: 'E001R000', $metadata: { httpStatusCode: 500, requestId } });
  });
});
