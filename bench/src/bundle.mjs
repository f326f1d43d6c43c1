// Bundle size: esbuild bundles of a one-operation program per service (platform node, ESM, minified),
// gzipped; with the bytes per input package from esbuild's metafile. The official core making the same
// call (ClientBuilder + AK/SK) is bundled the same way for scale. Prints one JSON object on stdout.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { benchDir, ensureOfficial, officialDir } from './official.mjs';

const programs = {
  '@dbpass/client-taurusdb': {
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
  for (const [name, { code, resolveDir }] of Object.entries(programs)) {
    const outfile = path.join(out, `${Object.keys(result).length}.mjs`);
    const { metafile, outputFiles } = await build({
      stdin: { contents: code, resolveDir, loader: 'js', sourcefile: 'program.mjs' },
      bundle: true, platform: 'node', format: 'esm', target: 'node20', minify: true, metafile: true, write: false, outfile, logLevel: 'silent',
      // The official core's CommonJS needs require() in an ESM bundle.
      banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    });
    const bytes = outputFiles[0].contents;
    const byPackage = {};
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[Object.keys(metafile.outputs)[0]].inputs)) {
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
