import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { oceanBaseService } from '@dbpass/client-oceanbase';
import { taurusDbService } from '@dbpass/client-taurusdb';
import { type EngineMode, type Engines, startRealEngines } from './engines/engines.js';
import { type Fault, FaultInjector, faultReply, type JobFault, jobFaultOf } from './faults.js';
import type { FleetSize } from './fleet.js';
import { type EmulatorRequest, header, type Reply, readRequest, writeReply } from './http.js';
import { authenticateHuawei } from './huawei/gateway-auth.js';
import { handleHuawei } from './huawei/handlers.js';
import { IamService } from './huawei/iam.js';
import { huaweiError } from './huawei/replies.js';
import { DigestServer } from './oceanbase/digest-server.js';
import { handleOceanBase, oceanbaseError } from './oceanbase/handlers.js';
import {
  cloudOf,
  lastRequestTarget,
  MAX_HEADER_BYTES,
  protocolErrorReply,
  targetOf,
  watchRequestLines,
  writeRawReply,
} from './protocol-errors.js';
import { buildRoutes, matchRoute, validateAgainstSpec } from './routes.js';
import { seed } from './seed.js';
import { EmulatorState } from './state.js';

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
  /** Faults to inject from the start, and the seed of their probabilities. */
  faults?: { seed?: number; rules?: readonly Fault[] };
  /** The clock (ms), for tests of expiry. */
  now?: () => number;
  /**
   * `memory` (default): passwords live in the emulator only. `real`: each instance is backed by a real database
   * server on 127.0.0.1 (MariaDB, ClickHouse) whose passwords change when an operation takes effect.
   */
  engines?: EngineMode;
  /** Accounts beyond the seed (see `fleetAccounts` for their ids and names). */
  fleet?: FleetSize;
  /** Called with each request as it is recorded (answered, or dropped by a fault). */
  onRequest?: (request: RecordedRequest) => void;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;
  /** The HTTP status sent, or 0 when the connection was dropped. */
  readonly status: number;
  readonly fault?: string;
  readonly at: number;
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
  readonly faults: FaultInjector;
  /** The databases behind the instances and their addresses (none in memory mode). */
  readonly engines: Engines;
  /** Adds a fault (see Fault); without a probability it hits the next matching request only. */
  injectFault(fault: Fault): void;
  stop(): Promise<void>;
}

/** A request matched to an operation: either already answered (auth, validation), or ready to handle. */
interface Routed {
  readonly operationId?: string;
  readonly cloud: 'huawei' | 'oceanbase' | 'iam' | 'none';
  readonly reply?: Reply;
  readonly handle?: (job: JobFault) => Promise<Reply>;
}

const huaweiRoutes = buildRoutes(taurusDbService);
const oceanbaseRoutes = buildRoutes(oceanBaseService);

/** Starts the emulator of Huawei Cloud TaurusDB (with IAM) and OceanBase Cloud on loopback. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? Date.now;
  const state = new EmulatorState(options.fleet);
  state.now = now;
  if (options.engines === 'real') state.engines = await startRealEngines(state, seed.initialPassword);
  const iam = new IamService({ tokenTtlMs: options.tokenTtlMs ?? 24 * 3_600_000, now });
  const digest = new DigestServer({
    algorithm: options.digestAlgorithm ?? 'MD5',
    nonceTtlMs: options.nonceTtlMs ?? 300_000,
    now,
  });
  const faults = new FaultInjector(options.faults?.seed);
  for (const rule of options.faults?.rules ?? []) faults.add(rule);
  const failingPasswords = new Set(options.failingPasswords ?? []);
  const timing = { jobVisibleAfterMs: options.jobVisibleAfterMs ?? 300, jobDurationMs: options.jobDurationMs ?? 1_500 };
  const requests: RecordedRequest[] = [];
  const recordRequest = (request: RecordedRequest) => {
    requests.push(request);
    options.onRequest?.(request);
  };
  let serverAddress = '';

  function resolve(request: EmulatorRequest): Routed {
    if (request.method === 'POST' && request.url.pathname === '/v3/auth/tokens') {
      return {
        operationId: 'KeystoneCreateUserTokenByPassword',
        cloud: 'iam',
        handle: async () => iam.createToken(request),
      };
    }
    const huawei = matchRoute(huaweiRoutes, request);
    if (huawei) {
      const operationId = huawei.route.operationId;
      const refuse = (reply: Reply): Routed => ({ operationId, cloud: 'huawei', reply });
      // The gateway parses the URI before anything else: a broken escape is a bad request, not a server error.
      if (huawei.malformed)
        return refuse(
          huaweiError(
            400,
            'APIGW.0201',
            `API request error: path parameter ${huawei.malformed} has an invalid percent-escape.`,
            { gateway: true },
          ),
        );
      const auth = authenticateHuawei(request, iam, now());
      if (!auth.ok) return refuse(auth.reply);
      const pathProject = huawei.path.project_id;
      if (
        auth.projectId !== undefined &&
        pathProject !== auth.projectId &&
        /^[A-Za-z0-9]{32}$/.test(pathProject ?? '')
      ) {
        return refuse(
          huaweiError(403, 'DBS.200010', 'The instance ID or user ID may be null, or the operation is not authorized.'),
        );
      }
      const { failures, body, params } = validateAgainstSpec(huawei.route, request, huawei.path);
      if (failures.length > 0) {
        const badInstance = failures.some((failure) => failure.where === 'path.instance_id');
        return refuse(
          badInstance
            ? huaweiError(400, 'DBS.280404', 'Invalid DB instance ID or node ID format.')
            : huaweiError(
                400,
                'DBS.280001',
                `Parameter error: ${failures.map((failure) => failure.message).join('; ')}`,
              ),
        );
      }
      return {
        operationId,
        cloud: 'huawei',
        handle: (job) =>
          handleHuawei(
            state,
            { operationId, path: huawei.path, query: request.url.searchParams, params, body, now: now() },
            { ...timing, failingPasswords, job },
          ),
      };
    }
    const oceanbase = matchRoute(oceanbaseRoutes, request);
    if (oceanbase) {
      const operationId = oceanbase.route.operationId;
      const requestId = request.url.searchParams.get('requestId');
      const refuse = (status: number, code: string, message: string, headers?: Record<string, string>): Routed => ({
        operationId,
        cloud: 'oceanbase',
        reply: oceanbaseError(status, code, message, requestId, headers),
      });
      if (oceanbase.malformed)
        return refuse(400, 'IllegalArgument', `path parameter ${oceanbase.malformed} has an invalid percent-escape.`);
      const verdict = digest.verify(request);
      if (!verdict.ok && 'badRequest' in verdict) return refuse(400, 'IllegalArgument', verdict.badRequest);
      if (!verdict.ok)
        return refuse(401, 'Unauthorized', 'Digest authentication required.', {
          'WWW-Authenticate': verdict.challenge,
        });
      const { failures, body, params } = validateAgainstSpec(oceanbase.route, request, oceanbase.path);
      if (failures.length > 0)
        return refuse(400, 'IllegalArgument', failures.map((failure) => failure.message).join('; '));
      const projectId = header(request, 'x-ob-project-id');
      return {
        operationId,
        cloud: 'oceanbase',
        handle: () =>
          handleOceanBase(state, {
            operationId,
            path: oceanbase.path,
            query: request.url.searchParams,
            params,
            projectId,
            body,
            server: serverAddress,
          }),
      };
    }
    if (request.url.pathname.startsWith('/api/'))
      return {
        cloud: 'none',
        reply: oceanbaseError(404, 'NotFound', 'No such API.', request.url.searchParams.get('requestId')),
      };
    return {
      cloud: 'none',
      reply: huaweiError(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment.', {
        gateway: true,
      }),
    };
  }

  async function serve(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const request = await readRequest(incoming).catch(() => undefined);
    if (!request) {
      // The body ended before its Content-Length (the client closed its side): a bad request in the cloud's format.
      const target = incoming.url ?? '/';
      const reply =
        cloudOf(target) === 'oceanbase'
          ? oceanbaseError(400, 'IllegalArgument', 'The request body is shorter than its Content-Length.', undefined)
          : huaweiError(400, 'APIGW.0201', 'API request error: the request body is shorter than its Content-Length.', {
              gateway: true,
            });
      recordRequest({
        method: incoming.method ?? 'GET',
        path: target.split('?')[0]!,
        operationId: undefined,
        status: reply.status,
        at: Date.now(),
      });
      return writeRawReply(incoming.socket, reply);
    }
    const routed = resolve(request);
    const record = (status: number, fault?: string) =>
      recordRequest({
        method: request.method,
        path: request.url.pathname,
        operationId: routed.operationId,
        status,
        ...(fault ? { fault } : {}),
        at: Date.now(),
      });
    if (!routed.handle) {
      record(routed.reply!.status);
      return writeReply(response, routed.reply!);
    }
    const plan = faults.pick(routed.operationId);
    switch (plan?.kind) {
      case 'latency':
        await sleep(plan.latencyMs ?? 1_000);
        break;
      case 'status': {
        const reply = faultReply(
          plan.fault,
          routed.cloud === 'oceanbase' ? 'oceanbase' : 'huawei',
          request.url.searchParams.get('requestId'),
        );
        record(reply.status, plan.kind);
        return writeReply(response, reply);
      }
      case 'reset-before':
        record(0, plan.kind);
        incoming.socket.destroy();
        return;
      default:
        break;
    }
    const reply = await routed.handle(jobFaultOf(plan));
    switch (plan?.kind) {
      case 'reset-after':
        record(0, plan.kind);
        incoming.socket.destroy();
        return;
      case 'truncated': {
        const body = JSON.stringify(reply.body ?? {});
        record(reply.status, plan.kind);
        response.writeHead(reply.status, {
          'Content-Type': 'application/json;charset=UTF-8',
          'Content-Length': String(Buffer.byteLength(body)),
          ...reply.headers,
        });
        response.write(body.slice(0, Math.floor(body.length / 2)));
        response.socket?.destroy();
        return;
      }
      case 'non-json':
        record(200, plan.kind);
        return writeReply(response, {
          status: 200,
          headers: { 'Content-Type': 'text/html' },
          body: '<html><body>Gateway page</body></html>',
        });
      default:
        record(reply.status, plan?.kind);
        return writeReply(response, reply);
    }
  }

  const server: Server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (incoming, response) => {
    serve(incoming, response).catch((error: unknown) => {
      if (!response.headersSent)
        writeReply(response, huaweiError(500, 'DBS.108000', `Server failure: ${(error as Error).message}`));
    });
  });
  server.on('connection', watchRequestLines);
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket) => {
    if (error.code === 'ECONNRESET') return void socket.destroy();
    const target = targetOf(error.rawPacket) ?? lastRequestTarget(socket);
    const reply = protocolErrorReply(error.code, target);
    recordRequest({
      method: '',
      path: target?.split('?')[0] ?? '',
      operationId: undefined,
      status: reply.status,
      at: Date.now(),
    });
    writeRawReply(socket, reply);
  });
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolveListen());
    });
  } catch (error) {
    await state.engines.stop();
    throw error;
  }
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
    faults,
    engines: state.engines,
    injectFault: (fault) => faults.add(fault),
    async stop() {
      state.stopTimers();
      await new Promise<void>((resolveStop, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolveStop()));
      });
      await state.engines.stop();
    },
  };
}
