// Where the time goes, for the figures that miss their goals: runs one workload under `node --cpu-prof`
// and prints the self time by package and by function. Not part of `pnpm bench`:
//   node bench/src/profile.mjs token|aksk|official|raw|diy|sdk-token|sdk-aksk|sign|import [calls]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchDir } from './official.mjs';

const [what = 'token', count = '20000'] = process.argv.slice(2);
const sdkOnly = (
  auth,
) => `import { akSk, createTaurusDbClient, iamToken } from '@dbpass/client-taurusdb'; import { AK, SK, TOKEN, PROJECT_ID, INSTANCE_ID, BODY } from './src/fixtures.mjs';
const fetch = async () => new Response('{"result":"SUCCESS"}', { status: 200, headers: { 'content-type': 'application/json' } });
const client = createTaurusDbClient({ endpoint: 'http://127.0.0.1:9', projectId: PROJECT_ID, auth: ${auth}, fetch });
for (let i = 0; i < ${count}; i++) await client.updateStarRocksDatabaseUserPassword({ instance_id: INSTANCE_ID, body: BODY });`;
const workloads = {
  call: (client) => `import { startServer } from './src/server.mjs'; import { makeClients } from './src/clients.mjs';
const { baseUrl, stop } = await startServer(); const fn = makeClients(baseUrl)[${JSON.stringify(client)}];
for (let i = 0; i < ${count}; i++) await fn(); stop();`,
  sign: `import { formatSdkDate, signRequest } from '@dbpass/core/internals'; import { AK, SK, PATH, PROJECT_ID, BODY } from './src/fixtures.mjs';
const body = JSON.stringify(BODY); let s = '';
for (let i = 0; i < ${count} * 10; i++) { const url = new URL('https://gaussdb.cn-north-4.myhuaweicloud.com' + PATH);
s = signRequest({ method: 'PUT', url, headers: { host: url.host, 'content-type': 'application/json', 'x-project-id': PROJECT_ID, 'x-sdk-date': formatSdkDate(new Date()) }, body }, { ak: AK, sk: SK }).authorization; }`,
  import: `await import('@dbpass/client-taurusdb');`,
  // The client's own CPU per call, with a fetch that answers at once (no socket): what it adds to fetch.
  'sdk-token': sdkOnly('iamToken({ token: TOKEN })'),
  'sdk-aksk': sdkOnly('akSk({ ak: AK, sk: SK })'),
};
const clients = {
  token: 'dbpass, IAM token',
  aksk: 'dbpass, AK/SK',
  official: 'official core, AK/SK',
  raw: 'raw fetch',
  diy: 'openapi-fetch (DIY)',
};
const script = clients[what] ? workloads.call(clients[what]) : workloads[what];
if (!script) throw new Error(`unknown workload ${what}`);
const dir = mkdtempSync(path.join(tmpdir(), 'dbpass-prof-'));
try {
  execFileSync(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100', '--input-type=module', '-e', script],
    { cwd: benchDir, stdio: 'inherit' },
  );
  const profile = JSON.parse(readFileSync(path.join(dir, readdirSync(dir)[0]), 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const packageOf = (url) => {
    if (!url) return '(native/idle)';
    if (url.startsWith('node:')) return url.split('/')[0].replace(/^node:internal.*/, 'node internals');
    const m = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1];
    const ws = /\/packages\/([^/]+)\//.exec(url);
    return ws ? `@dbpass/${ws[1]}` : url.replace(/^.*\//, '');
  };
  const byPackage = new Map();
  const byFunction = new Map();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    const pkg = packageOf(callFrame.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const fn = `${callFrame.functionName || '(anonymous)'} ${callFrame.url ? `${callFrame.url.replace(/^.*\/(node_modules|packages)\//, '')}:${callFrame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  // Inclusive time of package code (a function's own time plus everything it calls, node internals included).
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map();
  for (const [id, us] of self) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const { callFrame } = byId.get(at);
      if (!/node_modules|packages\//.test(callFrame.url)) continue;
      const fn = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*\/(node_modules|packages)\//, '')}:${callFrame.lineNumber + 1}`;
      if (seen.has(fn)) continue;
      seen.add(fn);
      inclusive.set(fn, (inclusive.get(fn) ?? 0) + us);
    }
  }
  const busy = total - (self.get(profile.nodes.find((n) => n.callFrame.functionName === '(idle)')?.id) ?? 0);
  const top = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`,
      )
      .join('\n');
  console.log(
    `${what}: ${(total / 1000).toFixed(0)} ms sampled\nself time by package:\n${top(byPackage, 12)}\nself time by function:\n${top(byFunction, 25)}\ninclusive time of package code:\n${top(inclusive, 20)}\nbusy (not idle): ${(busy / 1000).toFixed(0)} ms = ${(busy / Number(count)).toFixed(1)} µs per iteration`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
