import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { type LookupFunction, plaintextRefusal } from '@dbpass/core/guards';
import { parse } from 'yaml';
import { StoreUnavailableError } from '../../secret-store/store-errors.js';

/** How to reach and authenticate to an API server (never printed: it holds the token or key). */
export interface KubeAccess {
  readonly server: string;
  readonly ca?: Buffer;
  readonly insecure?: boolean;
  readonly token?: string;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  /** Where it came from, for messages: a kubeconfig path and context, or `in-cluster`. */
  readonly source: string;
  /** How a server's name is resolved for plaintext or unverified TLS (default: dns.lookup; tests map names). */
  readonly lookup?: LookupFunction;
}

/**
 * Why the token and Secrets may not go to this server, or undefined: over http, or TLS with
 * `insecure-skip-tls-verify`, only to loopback (a loopback address, or localhost checked when connecting).
 */
export function insecureServer(server: string, insecure: boolean | undefined): string | undefined {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return `the server ${server} is not a URL`;
  }
  const refusal = plaintextRefusal(url, true, url.protocol !== 'https:' || insecure === true);
  if (!refusal) return undefined;
  const how =
    url.protocol === 'https:' ? 'TLS without checking the certificate (insecure-skip-tls-verify)' : 'plaintext http';
  return `${how} is allowed on loopback only, and ${refusal}; use https with the cluster's CA (certificate-authority-data), or the token and Secrets could be read on the way`;
}

interface Named<T> {
  readonly name: string;
  readonly [field: string]: unknown;
  readonly cluster?: T;
  readonly user?: T;
  readonly context?: T;
}

interface KubeconfigFile {
  readonly 'current-context'?: string;
  readonly clusters?: Named<Record<string, string | boolean>>[];
  readonly users?: Named<Record<string, unknown>>[];
  readonly contexts?: Named<{ cluster?: string; user?: string }>[];
}

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

async function fileOrData(base: string, file: unknown, data: unknown): Promise<Buffer | undefined> {
  if (typeof data === 'string') return Buffer.from(data, 'base64');
  if (typeof file === 'string') return readFile(path.resolve(base, file));
  return undefined;
}

async function fromKubeconfig(file: string, contextName: string | undefined): Promise<KubeAccess> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new StoreUnavailableError(`kubernetes store: cannot read the kubeconfig ${file}`);
  });
  const config = parse(text) as KubeconfigFile;
  const name = contextName ?? config['current-context'];
  const context = config.contexts?.find((entry) => entry.name === name)?.context;
  const cluster = config.clusters?.find((entry) => entry.name === context?.cluster)?.cluster;
  const user = config.users?.find((entry) => entry.name === context?.user)?.user ?? {};
  const source = `kubeconfig ${file}, context ${name ?? '(none)'}`;
  if (!context || !cluster || typeof cluster.server !== 'string')
    throw new StoreUnavailableError(`kubernetes store: ${source} names no usable context and cluster`);
  const server = cluster.server.replace(/\/+$/, '');
  const refusal = insecureServer(server, cluster['insecure-skip-tls-verify'] === true);
  if (refusal) throw new StoreUnavailableError(`kubernetes store: ${source}: server ${server}: ${refusal}`);
  if (user.exec || user['auth-provider'])
    throw new StoreUnavailableError(
      `kubernetes store: ${source}: exec and auth-provider credentials are not supported; use a token or a client certificate`,
    );
  const base = path.dirname(file);
  const token =
    typeof user.token === 'string'
      ? user.token
      : typeof user.tokenFile === 'string'
        ? (await readFile(path.resolve(base, user.tokenFile), 'utf8')).trim()
        : undefined;
  const ca = await fileOrData(base, cluster['certificate-authority'], cluster['certificate-authority-data']);
  const cert = await fileOrData(base, user['client-certificate'], user['client-certificate-data']);
  const key = await fileOrData(base, user['client-key'], user['client-key-data']);
  return {
    server,
    source,
    ...(ca ? { ca } : {}),
    ...(cluster['insecure-skip-tls-verify'] === true ? { insecure: true } : {}),
    ...(token ? { token } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
  };
}

async function inCluster(env: NodeJS.ProcessEnv): Promise<KubeAccess | undefined> {
  const host = env.KUBERNETES_SERVICE_HOST;
  if (!host) return undefined;
  const token = (await readFile(path.join(SERVICE_ACCOUNT, 'token'), 'utf8').catch(() => '')).trim();
  const ca = await readFile(path.join(SERVICE_ACCOUNT, 'ca.crt')).catch(() => undefined);
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${env.KUBERNETES_SERVICE_PORT ?? '443'}`;
  return { server, source: 'in-cluster service account', ...(token ? { token } : {}), ...(ca ? { ca } : {}) };
}

/** A kubeconfig (the plan's, else KUBECONFIG's first, else ~/.kube/config), else the in-cluster service account. */
export async function loadKubeAccess(options: {
  kubeconfig?: string;
  context?: string;
  env: NodeJS.ProcessEnv;
}): Promise<KubeAccess> {
  const named = options.kubeconfig ?? options.env.KUBECONFIG?.split(path.delimiter).find(Boolean);
  if (named) return fromKubeconfig(named, options.context);
  const cluster = await inCluster(options.env);
  if (cluster) return cluster;
  return fromKubeconfig(path.join(options.env.HOME ?? homedir(), '.kube', 'config'), options.context);
}
