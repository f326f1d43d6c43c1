// The operation functions on a bare client: the same call as the client's methods (same pipeline, same
// checks), typed to their own service, and a bundle of one of them holds that operation alone.

import { fileURLToPath } from 'node:url';
import { createOceanBaseBareClient, oceanbaseDigest } from '@dbpass/client-oceanbase';
import {
  akSk,
  createTaurusDbBareClient,
  generatePassword,
  passwordPolicies,
  type TaurusDbBareClient,
  updateClickHouseDatabaseUserPassword,
  updateStarRocksDatabaseUserPassword,
  ValidationError,
} from '@dbpass/client-taurusdb';
import { build } from 'esbuild';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { h, o, useEmulator } from './setup.js';

const emulator = useEmulator();
const bareTaurus = () =>
  createTaurusDbBareClient({
    endpoint: emulator.current.url,
    projectId: h.projectId,
    auth: akSk({ ak: h.ak, sk: h.sk }),
  });

describe('the bare client and its operation functions', () => {
  it('changes a StarRocks password, as the method does', async () => {
    const userName = h.starrocksUsers[0]!;
    const account = { cloud: 'huawei', instanceId: h.instances.starrocks.id, userName } as const;
    const { password } = generatePassword(passwordPolicies.UpdateStarRocksDatabaseUserPassword.password, { userName });
    expect(emulator.current.state.checkPassword(account, password)).toBe(false);
    await updateStarRocksDatabaseUserPassword(bareTaurus(), {
      instance_id: h.instances.starrocks.id,
      body: { user_name: userName, password },
    });
    expect(emulator.current.state.checkPassword(account, password)).toBe(true);
  });

  it('checks the input against the spec before anything is sent', async () => {
    const before = emulator.current.requests.length;
    const call = updateClickHouseDatabaseUserPassword(bareTaurus(), {
      instance_id: h.instances.clickhouse.id,
      body: { user_name: h.clickhouseUsers[0]!, password: 'short' },
    });
    await expect(call).rejects.toBeInstanceOf(ValidationError);
    await expect(call).rejects.toThrow(/password/);
    expect(emulator.current.requests.length).toBe(before);
  });

  it("takes only its own service's client: another service's is a type error", () => {
    const oceanbase = createOceanBaseBareClient({
      endpoint: emulator.current.url,
      auth: oceanbaseDigest({ accessKeyId: o.accessKeyId, accessKeySecret: o.accessKeySecret }),
    });
    expectTypeOf(bareTaurus()).toMatchTypeOf<TaurusDbBareClient>();
    expectTypeOf(oceanbase).not.toMatchTypeOf<TaurusDbBareClient>();
    expect(oceanbase.service).toBe('oceanbase');
  });

  it('a bundle of one operation function holds that operation and none of the others', async () => {
    const { outputFiles } = await build({
      stdin: {
        contents: `import { akSk, createTaurusDbBareClient, updateStarRocksDatabaseUserPassword } from '@dbpass/client-taurusdb';
console.log(await updateStarRocksDatabaseUserPassword(createTaurusDbBareClient({ region: 'cn-north-4', auth: akSk() }), {}));`,
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        loader: 'js',
      },
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
      logLevel: 'silent',
    });
    const bundle = outputFiles[0]!.text;
    expect(bundle).toContain('/v3/{project_id}/instances/{instance_id}/starrocks/users/password');
    const others = ['/clickhouse/', '/db-users/', '/{project_id}/jobs', '/v3.1/', '/{instance_id}/password'];
    for (const other of others) expect(bundle, other).not.toContain(other);
  });
});
