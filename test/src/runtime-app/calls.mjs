// What every runtime runs against the emulator: an AK/SK call, an IAM-token call and an OceanBase Digest
// call, with credentials passed explicitly (a Worker has no environment variables). Returns what the suite
// checks besides the emulator's state.

import { createOceanBaseClient, oceanbaseDigest } from '@dbpass/client-oceanbase';
import { akSk, createTaurusDbClient, iamToken } from '@dbpass/client-taurusdb';
// The probe of which `#crypto` was chosen; `internals` is core's subpath for such primitives.
import { signRequest } from '@dbpass/core/internals';

export async function threeCalls({ endpoint, huawei, oceanbase, passwords }) {
  const { projectId } = huawei;
  const signed = createTaurusDbClient({ endpoint, projectId, auth: akSk({ ak: huawei.ak, sk: huawei.sk }) });
  await signed.resetGaussMySqlPassword({ instance_id: huawei.rootInstanceId, body: { password: passwords.akSk } });

  const auth = iamToken({
    userName: huawei.iamUser.name,
    password: huawei.iamUser.password,
    domainName: huawei.domainName,
    iamEndpoint: endpoint,
    scope: { projectId },
  });
  const withToken = createTaurusDbClient({ endpoint, projectId, auth });
  await withToken.updateStarRocksDatabaseUserPassword({
    instance_id: huawei.starrocksInstanceId,
    body: { user_name: huawei.starrocksUser, password: passwords.iamToken },
  });

  const digest = createOceanBaseClient({
    endpoint,
    projectId: oceanbase.projectId,
    auth: oceanbaseDigest({ accessKeyId: oceanbase.accessKeyId, accessKeySecret: oceanbase.accessKeySecret }),
  });
  const changed = await digest.modifyTenantUserPassword({
    instanceId: oceanbase.instanceId,
    tenantId: oceanbase.tenantId,
    userName: oceanbase.userName,
    body: { userPassword: passwords.digest },
  });

  return { digestSuccess: changed.success, crypto: whichCrypto(), missingCredentials: missingCredentials() };
}

// Which `#crypto` the package conditions chose: node:crypto signs synchronously, WebCrypto does not.
function whichCrypto() {
  const request = {
    method: 'GET',
    url: new URL('https://example.com/'),
    headers: { host: 'example.com', 'x-sdk-date': '20260101T000000Z' },
  };
  try {
    signRequest(request, { ak: 'a', sk: 's' });
    return 'node:crypto';
  } catch {
    return 'WebCrypto';
  }
}

function missingCredentials() {
  try {
    akSk();
    return 'no error';
  } catch (error) {
    return error.message;
  }
}
