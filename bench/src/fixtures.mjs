// The one operation every per-call benchmark makes: TaurusDB UpdateStarRocksDatabaseUserPassword,
// PUT /v3/{project_id}/instances/{instance_id}/starrocks/users/password with a small JSON body,
// answered 200 {"result":"SUCCESS"} (the documented body).
export const PROJECT_ID = '23a50154cf494ec9ad6883979a12db0a';
export const INSTANCE_ID = '54e42160670e48e789af7075e1efea1fin16';
export const OPERATION_PATH = '/v3/{project_id}/instances/{instance_id}/starrocks/users/password';
export const PATH = `/v3/${PROJECT_ID}/instances/${INSTANCE_ID}/starrocks/users/password`;
export const BODY = { user_name: 'bench_user', password: 'Bench-Pass2026' };
export const RESPONSE = '{"result":"SUCCESS"}';
export const TOKEN = 'MIIbenchTOKEN'.padEnd(64, 'x');
export const AK = 'HPUABENCHMARKACCESSKEY0';
export const SK = 'benchmarkSecretKeyNotARealOne0123456789';
