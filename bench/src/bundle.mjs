// Bundle size: esbuild bundles of a one-operation program per service (platform node, ESM, minified),
// gzipped, with the bytes per input package from esbuild's metafile. The TaurusDB program is the bare
// client and the one operation function it calls; the same call on the client with every operation as a
// method is bundled for scale (OceanBase's client has one operation). The official core making the same
// call (ClientBuilder + AK/SK) is bundled the same way for scale. The same programs as Workers are bundled
// as wrangler bundles them (platform browser, conditions workerd/worker/browser), where any Node built-in
// fails the build. Prints one JSON object on stdout.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { benchDir, ensureOfficial, officialDir } from './official.mjs';

const programs = {
  '@dbpass/client-taurusdb': {
    resolveDir: benchDir,
    code: `import { akSk, createTaurusDbBareClient, updateStarRocksDatabaseUserPassword } from '@dbpass/client-taurusdb';
const client = createTaurusDbBareClient({ region: 'cn-north-4', projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID, auth: akSk() });
console.log(await updateStarRocksDatabaseUserPassword(client, { instance_id: process.argv[2], body: { user_name: process.argv[3], password: process.argv[4] } }));
`,
  },
  '@dbpass/client-taurusdb (whole client)': {
    resolveDir: benchDir,
    code: `import { akSk, createTaurusDbClient } from '@dbpass/client-taurusdb';
const client = createTaurusDbClient({ region: 'cn-north-4', projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID, auth: akSk() });
console.log(await client.updateStarRocksDatabaseUserPassword({ instance_id: process.argv[2], body: { user_name: process.argv[3], password: process.argv[4] } }));
`,
  },
  '@dbpass/client-oceanbase': {
    resolveDir: benchDir,
    code: `import { createOceanBaseClient, oceanbaseDigest } from '@dbpass/client-oceanbase';
const client = createOceanBaseClient({ region: 'cn-hangzhou', projectId: process.env.OCEANBASE_PROJECT_ID, auth: oceanbaseDigest() });
console.log(await client.modifyTenantUserPassword({ instanceId: process.argv[2], tenantId: process.argv[3], userName: process.argv[4], body: { userPassword: process.argv[5] } }));
`,
  },
  '@dbpass/client-taurusdb (Worker)': {
    resolveDir: benchDir,
    worker: true,
    code: `import { akSk, createTaurusDbBareClient, updateStarRocksDatabaseUserPassword } from '@dbpass/client-taurusdb';
export default { async fetch(request, env) {
  const client = createTaurusDbBareClient({ region: 'cn-north-4', projectId: env.HUAWEICLOUD_SDK_PROJECT_ID, auth: akSk({ ak: env.HUAWEICLOUD_SDK_AK, sk: env.HUAWEICLOUD_SDK_SK }) });
  const { instance, user, password } = await request.json();
  return Response.json(await updateStarRocksDatabaseUserPassword(client, { instance_id: instance, body: { user_name: user, password } }));
} };
`,
  },
  '@dbpass/client-oceanbase (Worker)': {
    resolveDir: benchDir,
    worker: true,
    code: `import { createOceanBaseClient, oceanbaseDigest } from '@dbpass/client-oceanbase';
export default { async fetch(request, env) {
  const client = createOceanBaseClient({ region: 'cn-hangzhou', projectId: env.OCEANBASE_PROJECT_ID, auth: oceanbaseDigest({ accessKeyId: env.OCEANBASE_ACCESS_KEY_ID, accessKeySecret: env.OCEANBASE_ACCESS_KEY_SECRET }) });
  const { instance, tenant, user, password } = await request.json();
  return Response.json(await client.modifyTenantUserPassword({ instanceId: instance, tenantId: tenant, userName: user, body: { userPassword: password } }));
} };
`,
  },
  '@huaweicloud/huaweicloud-sdk-core (same call)': {
    resolveDir: officialDir,
    code: `import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials.js';
const credentials = new BasicCredentials().withAk(process.env.HUAWEICLOUD_SDK_AK).withSk(process.env.HUAWEICLOUD_SDK_SK).withProjectId(process.env.HUAWEICLOUD_SDK_PROJECT_ID);
const client = new ClientBuilder((hcClient) => hcClient).withCredential(credentials).withEndpoint('https://gaussdb.cn-north-4.myhuaweicloud.com').build();
console.log(await client.sendRequest({ method: 'PUT', url: '/v3/{project_id}/instances/{instance_id}/starrocks/users/password', contentType: 'application/json', queryParams: {}, pathParams: { instance_id: process.argv[2] }, headers: { 'Content-Type': 'application/json' }, data: { user_name: process.argv[3], password: process.argv[4] } }));
`,
  },
};

ensureOfficial();
const out = mkdtempSync(path.join(tmpdir(), 'dbpass-bundle-'));
const packageOf = (input) => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input);
  if (match) return match[1];
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(input);
  return workspace ? `@dbpass/${workspace[1]}` : input;
};
try {
  const result = {};
  for (const [name, { code, resolveDir, worker }] of Object.entries(programs)) {
    const outfile = path.join(out, `${Object.keys(result).length}.mjs`);
    const platform = worker
      ? { platform: 'browser', conditions: ['workerd', 'worker', 'browser'], target: 'es2022' }
      : // The official core's CommonJS needs require() in an ESM bundle.
        {
          platform: 'node',
          target: 'node20',
          banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
        };
    const { metafile, outputFiles } = await build({
      stdin: { contents: code, resolveDir, loader: 'js', sourcefile: 'program.mjs' },
      bundle: true,
      format: 'esm',
      minify: true,
      metafile: true,
      write: false,
      outfile,
      logLevel: 'silent',
      ...platform,
    });
    if (worker && /(from|import\(|require\()\s*["']node:/.test(new TextDecoder().decode(outputFiles[0].contents)))
      throw new Error(`${name}: the Worker bundle names a Node built-in`);
    const bytes = outputFiles[0].contents;
    const byPackage = {};
    for (const [input, { bytesInOutput }] of Object.entries(
      metafile.outputs[Object.keys(metafile.outputs)[0]].inputs,
    )) {
      const pkg = packageOf(input);
      byPackage[pkg] = (byPackage[pkg] ?? 0) + bytesInOutput;
    }
    const byFile = Object.entries(metafile.outputs[Object.keys(metafile.outputs)[0]].inputs)
      .map(([input, { bytesInOutput }]) => ({ input: input.replace(/^.*node_modules\//, ''), bytes: bytesInOutput }))
      .sort((a, b) => b.bytes - a.bytes);
    result[name] = {
      minifiedBytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
      byPackage: Object.fromEntries(Object.entries(byPackage).sort((a, b) => b[1] - a[1])),
      largestFiles: byFile.slice(0, 12),
    };
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
