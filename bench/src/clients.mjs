// @ts-check
// The ways to make the same call, each as a Node user would write it.

import http from 'node:http';
import { akSk, createTaurusDbClient, iamToken } from '@dbpass/client-taurusdb';
import createClient from 'openapi-fetch';
import { AK, BODY, INSTANCE_ID, OPERATION_PATH, PATH, PROJECT_ID, SK, TOKEN } from './fixtures.mjs';
import { officialRequire } from './official.mjs';

/** @param {string} baseUrl @returns {Record<string, () => Promise<unknown>>} */
export function makeClients(baseUrl) {
  // 1. Raw fetch with a hand-built request.
  const rawFetch = async () => {
    const response = await fetch(`${baseUrl}/v3/${PROJECT_ID}/instances/${INSTANCE_ID}/starrocks/users/password`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
      body: JSON.stringify(BODY),
    });
    if (!response.ok) throw new Error(`raw fetch: HTTP ${response.status}`);
    return response.json();
  };

  // 1b. Raw node:http with a keep-alive agent: the floor of the transport dbpass sends with on Node.
  const agent = new http.Agent({ keepAlive: true });
  const rawNodeHttp = () =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(BODY);
      const headers = {
        'content-type': 'application/json',
        'x-auth-token': TOKEN,
        'content-length': Buffer.byteLength(body),
      };
      const request = http.request(`${baseUrl}${PATH}`, { method: 'PUT', headers, agent }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode !== 200) reject(new Error(`raw node:http: HTTP ${response.statusCode}`));
          else resolve(JSON.parse(Buffer.concat(chunks).toString()));
        });
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });

  // 2. A DIY openapi-fetch client typed with the generated `paths`.
  /** @type {import('openapi-fetch').Client<import('@dbpass/client-taurusdb').paths>} */
  const diy = createClient({ baseUrl, headers: { 'X-Auth-Token': TOKEN } });
  const openapiFetch = async () => {
    const { data, error, response } = await diy.PUT(OPERATION_PATH, {
      params: { path: { project_id: PROJECT_ID, instance_id: INSTANCE_ID } },
      body: BODY,
    });
    if (error !== undefined) throw new Error(`openapi-fetch: HTTP ${response.status}`);
    return data;
  };

  // 3 and 4. The dbpass client with a static IAM token, then with AK/SK signing.
  const withToken = createTaurusDbClient({
    endpoint: baseUrl,
    projectId: PROJECT_ID,
    auth: iamToken({ token: TOKEN }),
  });
  const withAkSk = createTaurusDbClient({ endpoint: baseUrl, projectId: PROJECT_ID, auth: akSk({ ak: AK, sk: SK }) });
  // 4b. The same on the global fetch (the `fetch` option), as it sends on runtimes other than Node.
  const withAkSkOnFetch = createTaurusDbClient({
    endpoint: baseUrl,
    projectId: PROJECT_ID,
    auth: akSk({ ak: AK, sk: SK }),
    fetch: (input, init) => fetch(input, init),
  });
  const input = { instance_id: INSTANCE_ID, body: BODY };
  const dbpassToken = () => withToken.updateStarRocksDatabaseUserPassword(input);
  const dbpassAkSk = () => withAkSk.updateStarRocksDatabaseUserPassword(input);
  const dbpassAkSkOnFetch = () => withAkSkOnFetch.updateStarRocksDatabaseUserPassword(input);

  // 5. The official core as the official generated service client (@huaweicloud/huaweicloud-sdk-gaussdb)
  // drives it: ClientBuilder -> HcClient (axios) with BasicCredentials (AK/SK + project id), and per call
  // the options object its ParamCreater builds, passed to hcClient.sendRequest.
  const official = makeOfficialClient(baseUrl);
  const officialCore = () =>
    official.updateStarRocksDatabaseUserPassword({ instanceId: INSTANCE_ID, body: { ...BODY } });

  return {
    'raw fetch': rawFetch,
    'raw node:http': rawNodeHttp,
    'openapi-fetch (DIY)': openapiFetch,
    'dbpass, IAM token': dbpassToken,
    'dbpass, AK/SK': dbpassAkSk,
    'dbpass, AK/SK on fetch': dbpassAkSkOnFetch,
    'official core, AK/SK': officialCore,
  };
}

/** A stand-in for the generated GaussDBClient of the official SDK: the same calls into its core. */
function makeOfficialClient(baseUrl) {
  const { ClientBuilder } = officialRequire('@huaweicloud/huaweicloud-sdk-core/ClientBuilder');
  const { BasicCredentials } = officialRequire('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials');
  class GaussDBClient {
    /** @param {any} hcClient */
    constructor(hcClient) {
      this.hcClient = hcClient;
    }
    /** @param {{ instanceId: string, xLanguage?: string, body: object }} request */
    updateStarRocksDatabaseUserPassword(request) {
      // What ParamCreater().updateStarRocksDatabaseUserPassword(request) returns.
      const options = {
        method: 'PUT',
        url: OPERATION_PATH,
        contentType: 'application/json',
        queryParams: {},
        pathParams: {},
        headers: {},
        data: {},
      };
      /** @type {Record<string, string>} */
      const localVarHeaderParameter = {};
      if (request.xLanguage !== undefined) localVarHeaderParameter['X-Language'] = String(request.xLanguage);
      localVarHeaderParameter['Content-Type'] = 'application/json';
      options.data = request.body;
      options.pathParams = { instance_id: request.instanceId };
      options.headers = localVarHeaderParameter;
      // @ts-expect-error as the generated code does
      options.responseHeaders = ['X-Request-Id'];
      return this.hcClient.sendRequest(options);
    }
  }
  const credentials = new BasicCredentials().withAk(AK).withSk(SK).withProjectId(PROJECT_ID);
  return new ClientBuilder((/** @type {any} */ hcClient) => new GaussDBClient(hcClient))
    .withCredential(credentials)
    .withEndpoint(baseUrl)
    .build();
}
