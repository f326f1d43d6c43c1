import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@dbpass/emulator';
import { currentKey } from '../../src/stores/kubernetes/data-keys.js';
import type { ApplicationView } from '../store-contract.js';
import { type ServerProcess, startServer } from './server-process.js';
import { serverProgram } from './servers-dir.js';

const run = promisify(execFile);

export interface KubeServer {
  readonly server: string;
  readonly namespace: string;
  /** A kubeconfig for an admin (system:masters) token. */
  readonly kubeconfig: string;
  /** The same cluster with a token the server does not know. */
  readonly badKubeconfig: string;
  /** The same credentials for a server on a port nothing listens on. */
  readonly downKubeconfig: string;
  readonly token: string;
  /** The API server's CA certificate, and a curl header file with the admin token (kept off command lines). */
  readonly caFile: string;
  readonly authHeaderFile: string;
  /** A plain HTTPS call with the admin token, as any client of the API would make (no dbpass code). */
  api(method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

const kubeconfigYaml = (server: string, ca: string, token: string) =>
  [
    'apiVersion: v1',
    'kind: Config',
    'current-context: test',
    'clusters: [{ name: test, cluster: { server: "' +
      server +
      '", certificate-authority-data: "' +
      Buffer.from(ca).toString('base64') +
      '" } }]',
    `users: [{ name: admin, user: { token: "${token}" } }]`,
    'contexts: [{ name: test, context: { cluster: test, user: admin } }]',
    '',
  ].join('\n');

function call(
  server: string,
  ca: string,
  token: string,
  method: string,
  apiPath: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
      ...(payload ? { 'Content-Type': 'application/json' } : {}),
    };
    const outgoing = request(`${server}${apiPath}`, { method, ca, headers, timeout: 5_000 }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {},
        }),
      );
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/**
 * etcd and kube-apiserver on free loopback ports (API only: no controllers or kubelet, which Secrets do not
 * need), a self-signed serving certificate, a static admin token, RBAC on, and one namespace for the test.
 */
export async function startKube(namespace = 'dbpass-test'): Promise<KubeServer> {
  const apiserver = serverProgram('kube-apiserver');
  const etcdProgram = serverProgram('etcd');
  const dir = await mkdtemp(path.join(tmpdir(), 'dbpass-kube-'));
  const [etcdPort, peerPort, apiPort, downPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const file = (name: string) => path.join(dir, name);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    file('tls.key'),
    '-out',
    file('tls.crt'),
  ]);
  await run('openssl', ['genrsa', '-out', file('sa.key'), '2048']);
  await run('openssl', ['rsa', '-in', file('sa.key'), '-pubout', '-out', file('sa.pub')]);
  const token = randomBytes(16).toString('hex');
  await writeFile(file('tokens.csv'), `${token},admin,admin-uid,"system:masters"\n`);
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const etcd: ServerProcess = await startServer(
    'etcd',
    etcdProgram,
    [
      '--name',
      'default',
      '--data-dir',
      file('etcd'),
      '--listen-client-urls',
      etcdUrl,
      '--advertise-client-urls',
      etcdUrl,
      '--listen-peer-urls',
      `http://127.0.0.1:${peerPort}`,
      '--initial-advertise-peer-urls',
      `http://127.0.0.1:${peerPort}`,
      '--initial-cluster',
      `default=http://127.0.0.1:${peerPort}`,
    ],
    { env: { PATH: process.env.PATH ?? '' }, ready: async () => (await fetch(`${etcdUrl}/health`)).ok },
  );
  const server = `https://127.0.0.1:${apiPort}`;
  const ca = await readFile(file('tls.crt'), 'utf8');
  let apiServer: ServerProcess;
  try {
    apiServer = await startServer(
      'kube-apiserver',
      apiserver,
      [
        `--etcd-servers=${etcdUrl}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        // The endpoint reconciler refuses a loopback address; no Service needs the apiserver's endpoint here.
        '--endpoint-reconciler-type=none',
        `--secure-port=${apiPort}`,
        `--tls-cert-file=${file('tls.crt')}`,
        `--tls-private-key-file=${file('tls.key')}`,
        `--token-auth-file=${file('tokens.csv')}`,
        `--service-account-key-file=${file('sa.pub')}`,
        `--service-account-signing-key-file=${file('sa.key')}`,
        '--service-account-issuer=https://kubernetes.default.svc',
        '--service-cluster-ip-range=10.96.0.0/24',
        '--authorization-mode=RBAC',
        `--cert-dir=${file('certs')}`,
      ],
      {
        env: { PATH: process.env.PATH ?? '' },
        cwd: dir,
        ready: async () => (await call(server, ca, token, 'GET', '/readyz')).status === 200,
        timeoutMs: 90_000,
      },
    );
  } catch (error) {
    await etcd.stop();
    throw error;
  }
  const write = async (name: string, text: string) => {
    await writeFile(file(name), text, { mode: 0o600 });
    return file(name);
  };
  const kubeconfig = await write('kubeconfig', kubeconfigYaml(server, ca, token));
  const badKubeconfig = await write('bad-kubeconfig', kubeconfigYaml(server, ca, 'not-a-known-token'));
  const downKubeconfig = await write('down-kubeconfig', kubeconfigYaml(`https://127.0.0.1:${downPort}`, ca, token));
  const authHeaderFile = await write('auth-header', `Authorization: Bearer ${token}\n`);
  const api = (method: string, apiPath: string, body?: unknown) => call(server, ca, token, method, apiPath, body);
  const created = await api('POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace },
  });
  if (created.status !== 201)
    throw new Error(`kube-apiserver: creating namespace ${namespace} answered ${created.status}`);
  return {
    server,
    namespace,
    kubeconfig,
    badKubeconfig,
    downKubeconfig,
    token,
    caFile: file('tls.crt'),
    authHeaderFile,
    api,
    stop: async () => {
      await apiServer.stop();
      await etcd.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

interface CurlAnswer {
  readonly status: number;
  readonly body: Record<string, unknown> | undefined;
}

/** One API call through curl: a client of the API that nobody here wrote, as an application's tooling would use. */
function curl(kube: KubeServer, method: string, apiPath: string, body?: unknown, contentType = 'application/json') {
  const args = [
    '--silent',
    '--show-error',
    '--cacert',
    kube.caFile,
    '--header',
    `@${kube.authHeaderFile}`,
    '--header',
    'Accept: application/json',
    '--request',
    method,
    '--write-out',
    '\n%{http_code}',
    ...(body === undefined ? [] : ['--header', `Content-Type: ${contentType}`, '--data-binary', '@-']),
    `${kube.server}${apiPath}`,
  ];
  return new Promise<CurlAnswer>((resolve, reject) => {
    const child = execFile('curl', args, { timeout: 15_000 }, (error, stdout) => {
      if (error) return reject(new Error(`curl ${method} ${apiPath} failed (${error.code ?? error.message})`));
      const cut = stdout.lastIndexOf('\n');
      const text = stdout.slice(0, cut);
      resolve({
        status: Number(stdout.slice(cut + 1)),
        body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : undefined,
      });
    });
    child.stdin?.on('error', () => {});
    child.stdin?.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

interface SecretText {
  type?: string;
  immutable?: boolean;
  data?: Record<string, string>;
  metadata: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: unknown;
    finalizers?: unknown;
  };
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const sorted = (entries: Record<string, string> | undefined, keep: (key: string, value: string) => boolean) =>
  Object.fromEntries(
    Object.entries(entries ?? {})
      .filter(([key, value]) => keep(key, value))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
/** A password data key in dbpass's naming (`password`, `<user>.password`) or one of its stages beside it. */
const isPasswordKey = (key: string) => {
  const current = key.replace(/\.(pending|previous)$/, '');
  return current === 'password' || current.endsWith('.password');
};

/** An application's Secret as Helm makes it today: the password among keys, labels and annotations of its own. */
const applicationSecret = (name: string, namespace: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'Opaque',
  metadata: {
    name,
    labels: { app: 'web', 'app.kubernetes.io/managed-by': 'Helm' },
    annotations: { 'meta.helm.sh/release-name': 'web', 'meta.helm.sh/release-namespace': namespace },
  },
  data: {
    username: b64('app'),
    host: b64('db.internal:3306'),
    'config.yaml': b64('pool:\n  max: 5\ntls: true\n'),
    ...data,
  },
});

/**
 * How applications hold and read passwords in the test's Secrets, through curl: the Secret is named after the
 * account's target (or `secrets[target]`), the password is under the account's data key (`password`,
 * `<user>.password` for a target of several users). Seeding an account adds its key to the Secret if one exists.
 */
export function kubeApplication(
  kube: KubeServer,
  options: { readonly secrets?: Readonly<Record<string, string>> } = {},
): ApplicationView {
  const collection = `/api/v1/namespaces/${kube.namespace}/secrets`;
  const secretOf = (accountId: string) => {
    const target = accountId.split('/')[0]!;
    return options.secrets?.[target] ?? target;
  };
  const getSecret = async (accountId: string): Promise<SecretText | undefined> => {
    const answer = await curl(kube, 'GET', `${collection}/${secretOf(accountId)}`);
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw new Error(`curl: reading Secret ${secretOf(accountId)} answered ${answer.status}`);
    return answer.body as unknown as SecretText;
  };
  return {
    async seed(accountId, password) {
      const name = secretOf(accountId);
      const data = { [currentKey(accountId, 'password')]: b64(password) };
      const created = await curl(kube, 'POST', collection, applicationSecret(name, kube.namespace, data));
      if (created.status === 201) return;
      const patched =
        created.status === 409
          ? await curl(kube, 'PATCH', `${collection}/${name}`, { data }, 'application/merge-patch+json')
          : created;
      if (patched.status !== 200) throw new Error(`curl: seeding Secret ${name} answered ${patched.status}`);
    },
    async read(accountId) {
      const value = (await getSecret(accountId))?.data?.[currentKey(accountId, 'password')];
      return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
    },
    async unrelated(accountId) {
      const secret = await getSecret(accountId);
      if (!secret) return '(no Secret)';
      const { labels, annotations, ownerReferences, finalizers } = secret.metadata;
      return JSON.stringify(
        {
          type: secret.type,
          immutable: secret.immutable,
          labels: sorted(labels, (key, value) => !(key === 'app.kubernetes.io/managed-by' && value === 'dbpass')),
          annotations: sorted(annotations, (key) => key !== 'dbpass/versions'),
          ownerReferences,
          finalizers,
          data: sorted(secret.data, (key) => !isPasswordKey(key)),
        },
        null,
        1,
      );
    },
  };
}
