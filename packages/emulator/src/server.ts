import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { oceanBaseService } from '@dbpass/client-oceanbase';
import { taurusDbService } from '@dbpass/client-taurusdb';
import { readRequest, writeReply, header, type EmulatorRequest, type Reply } from './http.js';
import { authenticateHuawei } from './huawei/gateway-auth.js';
import { handleHuawei } from './huawei/handlers.js';
import { IamService } from './huawei/iam.js';
import { huaweiError } from './huawei/replies.js';
import { DigestServer } from './oceanbase/digest-server.js';
import { handleOceanBase, oceanbaseError } from './oceanbase/handlers.js';
import { buildRoutes, matchRoute, validateAgainstSpec } from './routes.js';
import { EmulatorState } from './state.js';
import { FaultQueue, type Fault } from './faults.js';

export interface EmulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Always loopback; default 127.0.0.1. */
  host?: '127.0.0.1' | '::1' | 'localhost';
  /** How long a new job answers "does not exist" (default 300 ms; the real service: several seconds). */
  jobVisibleAfterMs?: number;
  /** How long a job runs (default 1500 ms). */
  jobDurationMs?: number;
  /** IAM token lifetime (default 24 h). */
  tokenTtlMs?: number;
  /** Digest nonce lifetime (default 5 min). */
  nonceTtlMs?: number;
  /** Digest algorithm of the OceanBase challenge (default MD5). */
  digestAlgorithm?: 'MD5' | 'SHA-256';
  /** Passwords whose db-user job ends Failed. */
  failingPasswords?: Iterable<string>;
  /** The clock (ms), for tests of expiry. */
  now?: () => number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;
  readonly status: number;
}

export interface Emulator {
  /** Base URL of both clouds' APIs, such as `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  readonly state: EmulatorState;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  readonly iam: IamService;
  readonly digest: DigestServer;
  /** Makes the next matching request(s) fail as the cloud would (409, 429, 500, 503), after auth passed. */
  injectFault(fault: Fault): void;
  stop(): Promise<void>;
}

const huaweiRoutes = buildRoutes(taurusDbService);
const oceanbaseRoutes = buildRoutes(oceanBaseService);

/** Starts the emulator of Huawei Cloud TaurusDB (with IAM) and OceanBase Cloud on loopback. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? Date.now;
  const state = new EmulatorState();
  const iam = new IamService({ tokenTtlMs: options.tokenTtlMs ?? 24 * 3_600_000, now });
  const digest = new DigestServer({ algorithm: options.digestAlgorithm ?? 'MD5', nonceTtlMs: options.nonceTtlMs ?? 300_000, now });
  const timing = {
    jobVisibleAfterMs: options.jobVisibleAfterMs ?? 300,
    jobDurationMs: options.jobDurationMs ?? 1_500,
    failingPasswords: new Set(options.failingPasswords ?? []),
  };
  const requests: RecordedRequest[] = [];
  const faults = new FaultQueue();
  let serverAddress = '';

  function route(request: EmulatorRequest): { reply: Reply; operationId?: string } {
    const pathname = request.url.pathname;
    if (request.method === 'POST' && pathname === '/v3/auth/tokens') return { reply: iam.createToken(request), operationId: 'KeystoneCreateUserTokenByPassword' };
    const huawei = matchRoute(huaweiRoutes, request);
    if (huawei) {
      const operationId = huawei.route.operationId;
      const auth = authenticateHuawei(request, iam, now());
      if (!auth.ok) return { reply: auth.reply, operationId };
      const fault = faults.take(operationId, 'huawei', null);
      if (fault) return { reply: fault, operationId };
      const pathProject = huawei.path['project_id'];
      if (auth.projectId !== undefined && pathProject !== auth.projectId && /^[A-Za-z0-9]{32}$/.test(pathProject ?? '')) {
        return { reply: huaweiError(403, 'DBS.200010', 'The instance ID or user ID may be null, or the operation is not authorized.'), operationId };
      }
      const { failures, body } = validateAgainstSpec(huawei.route, request, huawei.path);
      if (failures.length > 0) {
        const badInstance = failures.some((failure) => failure.where === 'path.instance_id');
        return {
          reply: badInstance
            ? huaweiError(400, 'DBS.280404', 'Invalid DB instance ID or node ID format.')
            : huaweiError(400, 'DBS.280001', `Parameter error: ${failures.map((failure) => `${failure.where} ${failure.message}`).join('; ')}`),
          operationId,
        };
      }
      return { reply: handleHuawei(state, { operationId, path: huawei.path, query: request.url.searchParams, body, now: now() }, timing), operationId };
    }
    const oceanbase = matchRoute(oceanbaseRoutes, request);
    if (oceanbase) {
      const operationId = oceanbase.route.operationId;
      const requestId = request.url.searchParams.get('requestId');
      const verdict = digest.verify(request);
      if (!verdict.ok) {
        return { reply: oceanbaseError(401, 'Unauthorized', 'Digest authentication required.', requestId, { 'WWW-Authenticate': verdict.challenge }), operationId };
      }
      const fault = faults.take(operationId, 'oceanbase', requestId);
      if (fault) return { reply: fault, operationId };
      const { failures, body } = validateAgainstSpec(oceanbase.route, request, oceanbase.path);
      if (failures.length > 0) {
        return { reply: oceanbaseError(400, 'IllegalArgument', failures.map((failure) => `${failure.where} ${failure.message}`).join('; '), requestId), operationId };
      }
      const projectId = header(request, 'x-ob-project-id');
      return { reply: handleOceanBase(state, { operationId, path: oceanbase.path, query: request.url.searchParams, projectId, body, server: serverAddress }), operationId };
    }
    if (pathname.startsWith('/api/')) return { reply: oceanbaseError(404, 'NotFound', 'No such API.', request.url.searchParams.get('requestId')) };
    return { reply: huaweiError(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment.', { gateway: true }) };
  }

  const server: Server = createServer((incoming, response) => {
    readRequest(incoming)
      .then((request) => {
        const { reply, operationId } = route(request);
        requests.push({ method: request.method, path: request.url.pathname, operationId, status: reply.status });
        writeReply(response, reply);
      })
      .catch((error: unknown) => {
        writeReply(response, huaweiError(500, 'DBS.108000', `Server failure: ${(error as Error).message}`));
      });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  serverAddress = `${host}:${port}`;
  const hostForUrl = host === '::1' ? '[::1]' : host;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    state,
    requests,
    iam,
    digest,
    injectFault: (fault) => faults.add(fault),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
