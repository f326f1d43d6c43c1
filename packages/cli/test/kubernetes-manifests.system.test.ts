import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { expandTargets, loadPlan, type Plan, StoreAuthError, type VerificationEvidence } from '@dbpass/rotate';
import { openKubernetesStore } from '@dbpass/rotate/stores/kubernetes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { type KubeServer, kubeApplication, startKube } from '../../rotate/test/servers/kube-server.js';
import { storeContract } from '../../rotate/test/store-contract.js';
import { runCli } from './run-cli.js';

/**
 * examples/kubernetes against a real kube-apiserver: every object applied (server-side apply, dry run, strict),
 * the plan in its ConfigMap loaded as the pods mount it, the CronJob's times checked against the plan's lease, and
 * the Role proven both sufficient (the CronJob's and the Job's command lines, and the store contract, as the
 * ServiceAccount with a token from the TokenRequest API) and minimal (without any one verb, a run is refused).
 */

const EXAMPLE = fileURLToPath(new URL('../../../examples/kubernetes/', import.meta.url));
const FIELD_MANAGER = 'dbpass-test';

interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [field: string]: unknown };
  [field: string]: unknown;
}

interface Manifest {
  readonly file: string;
  readonly object: KubeObject;
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly warnings: readonly string[];
}

interface Container {
  name: string;
  command?: string[];
  args?: string[];
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: { name: string; mountPath: string }[];
}

interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  restartPolicy?: string;
  securityContext?: Record<string, unknown>;
  containers: Container[];
  volumes?: { name: string; configMap?: { name: string } }[];
}

interface JobSpec {
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  template: { spec: PodSpec };
}

interface RoleRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

let kube: KubeServer;
let ca: string;
let dir: string;
let manifests: Manifest[];
/** The ServiceAccount's kubeconfig and token (minted by the TokenRequest API), for the store contract. */
let account: { kubeconfig: string; token: string };

/** One API call as `token`, with any body and content type; the API server's warnings are kept. */
function call(token: string, method: string, apiPath: string, body?: string, contentType = 'application/json') {
  return new Promise<Answer>((resolve, reject) => {
    const headers = {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': contentType }),
    };
    const outgoing = request(`${kube.server}${apiPath}`, { method, ca, headers, timeout: 10_000 }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        const warning = response.headers.warning;
        resolve({
          status: response.statusCode ?? 0,
          body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {},
          warnings: warning === undefined ? [] : Array.isArray(warning) ? warning : [warning],
        });
      });
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${apiPath} timed out`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const admin = (method: string, apiPath: string, body?: unknown) =>
  call(kube.token, method, apiPath, body === undefined ? undefined : JSON.stringify(body));

async function readManifests(): Promise<Manifest[]> {
  const files = (await readdir(EXAMPLE)).filter((file) => /\.ya?ml$/.test(file)).sort();
  const read: Manifest[] = [];
  for (const file of files) {
    for (const document of parseAllDocuments(await readFile(path.join(EXAMPLE, file), 'utf8'))) {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
      const object = document.toJS() as KubeObject | null;
      if (object) read.push({ file, object });
    }
  }
  return read;
}

const one = (kind: string) => {
  const found = manifests.filter((manifest) => manifest.object.kind === kind);
  expect(found.map((manifest) => manifest.object.metadata.name)).toHaveLength(1);
  return found[0]!.object;
};

/** Where an object lives in the API, from the server's discovery (no table here to fall behind the server). */
const discovery = new Map<string, { resources: { name: string; kind: string; namespaced: boolean }[] }>();
async function objectPath(object: KubeObject): Promise<string> {
  const base = object.apiVersion.includes('/') ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
  if (!discovery.has(base)) {
    const answer = await admin('GET', base);
    if (answer.status !== 200) throw new Error(`discovery of ${base} answered ${answer.status}`);
    discovery.set(base, answer.body as never);
  }
  const resource = discovery
    .get(base)!
    .resources.find((entry) => entry.kind === object.kind && !entry.name.includes('/'));
  if (!resource) throw new Error(`the API server serves no ${object.kind} in ${object.apiVersion}`);
  const namespace = resource.namespaced ? `/namespaces/${object.metadata.namespace ?? 'default'}` : '';
  return `${base}${namespace}/${resource.name}/${object.metadata.name}`;
}

/** Server-side apply, as `kubectl apply --server-side` sends it; unknown or duplicate fields are errors. */
async function apply(object: KubeObject, options: { dryRun: boolean }): Promise<Answer> {
  const query = new URLSearchParams({
    fieldManager: FIELD_MANAGER,
    fieldValidation: 'Strict',
    ...(options.dryRun ? { dryRun: 'All' } : {}),
  });
  return call(
    kube.token,
    'PATCH',
    `${await objectPath(object)}?${query}`,
    JSON.stringify(object),
    'application/apply-patch+yaml',
  );
}

async function applyForReal(object: KubeObject): Promise<void> {
  const answer = await apply(object, { dryRun: false });
  if (answer.status !== 200 && answer.status !== 201)
    throw new Error(
      `applying ${object.kind} ${object.metadata.name} answered ${answer.status}: ${answer.body.message}`,
    );
}

async function waitFor(what: string, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await sleep(50);
  }
}

const serviceAccountUser = (namespace: string, name: string) => `system:serviceaccount:${namespace}:${name}`;

/** Mints a token for a ServiceAccount, and waits until it authenticates and RBAC grants `verbs` on Secrets. */
async function tokenFor(serviceAccount: KubeObject, namespace: string, verbs: readonly string[]) {
  const { name, namespace: home } = serviceAccount.metadata;
  const minted = await admin('POST', `/api/v1/namespaces/${home}/serviceaccounts/${name}/token`, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { expirationSeconds: 3600 },
  });
  if (minted.status !== 201) throw new Error(`TokenRequest for ${home}/${name} answered ${minted.status}`);
  const token = (minted.body.status as { token: string }).token;
  const review = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' };
  await waitFor(
    `the token of ${home}/${name} authenticates`,
    async () =>
      (await call(token, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', JSON.stringify(review)))
        .status === 201,
  );
  for (const verb of verbs)
    await waitFor(`RBAC grants ${verb} on Secrets in ${namespace} to ${home}/${name}`, async () => {
      const answer = await admin('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: serviceAccountUser(home!, name),
          resourceAttributes: { namespace, verb, resource: 'secrets' },
        },
      });
      return (answer.body.status as { allowed?: boolean } | undefined)?.allowed === true;
    });
  const file = path.join(dir, `kubeconfig-${name}`);
  await writeFile(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'sa',
      clusters: [
        {
          name: 'sa',
          cluster: { server: kube.server, 'certificate-authority-data': Buffer.from(ca).toString('base64') },
        },
      ],
      users: [{ name: 'sa', user: { token } }],
      contexts: [{ name: 'sa', context: { cluster: 'sa', user: 'sa' } }],
    }),
    { mode: 0o600 },
  );
  return { kubeconfig: file, token };
}

/** The ServiceAccount, Role and RoleBinding of the example, made for real in `namespace` with the Role's `verbs`. */
async function grant(namespace: string, serviceAccountName: string, verbs: readonly string[]) {
  const serviceAccount = structuredClone(one('ServiceAccount'));
  const role = structuredClone(one('Role'));
  const binding = structuredClone(one('RoleBinding'));
  serviceAccount.metadata.name = serviceAccountName;
  role.metadata.namespace = namespace;
  (role.rules as RoleRule[])[0]!.verbs = [...verbs];
  binding.metadata.namespace = namespace;
  (binding.subjects as { name: string }[])[0]!.name = serviceAccountName;
  for (const object of [serviceAccount, role, binding]) await applyForReal(object);
  return tokenFor(serviceAccount, namespace, verbs);
}

const podOf = (kind: 'CronJob' | 'Job'): PodSpec => {
  const object = one(kind) as unknown as { spec: JobSpec & { jobTemplate?: { spec: JobSpec } } };
  return (kind === 'CronJob' ? object.spec.jobTemplate!.spec : object.spec).template.spec;
};

/** The plan as the pods see it: the ConfigMap's keys written as the kubelet mounts them, then `loadPlan`. */
async function mountedPlan(): Promise<{ plan: Plan; mountPath: string; folder: string; file: string }> {
  const configMap = one('ConfigMap') as KubeObject & { data: Record<string, string> };
  const pod = podOf('CronJob');
  const volume = pod.volumes?.find((entry) => entry.configMap?.name === configMap.metadata.name);
  const mount = pod.containers[0]!.volumeMounts?.find((entry) => entry.name === volume?.name);
  if (!mount) throw new Error(`the CronJob does not mount the ConfigMap ${configMap.metadata.name}`);
  const args = pod.containers[0]!.args ?? [];
  const planPath = args[args.indexOf('--plan') + 1]!;
  expect(path.posix.dirname(planPath)).toBe(mount.mountPath);
  const folder = await mkdtemp(path.join(dir, 'plan-'));
  for (const [key, text] of Object.entries(configMap.data)) await writeFile(path.join(folder, key), text);
  const file = path.join(folder, path.posix.basename(planPath));
  return { plan: await loadPlan(file), mountPath: mount.mountPath, folder, file };
}

/** The environment variable names a plan's connections read. */
const credentialNames = (plan: Plan) =>
  Object.values(plan.connections).flatMap((connection) =>
    Object.values((connection as { credentials: Record<string, string> }).credentials),
  );

/** Seconds between two runs of a schedule, for the shapes an example would use. */
function intervalSeconds(schedule: string): number {
  if (/^[0-9]+ \* \* \* \*$/.test(schedule)) return 3600;
  const every = /^\*\/([0-9]+) \* \* \* \*$/.exec(schedule);
  if (every) return Number(every[1]) * 60;
  if (/^[0-9]+ [0-9]+ \* \* \*$/.test(schedule)) return 86_400;
  throw new Error(`add the interval of the schedule "${schedule}" here`);
}

const login = (): VerificationEvidence => ({
  method: 'login',
  at: new Date().toISOString(),
  adopted: true,
  pendingAccepted: true,
});

beforeAll(async () => {
  const [server, read] = await Promise.all([startKube('apps'), readManifests()]);
  kube = server;
  manifests = read;
  ca = await readFile(kube.caFile, 'utf8');
  dir = await mkdtemp(path.join(tmpdir(), 'dbpass-kube-example-'));
  // What the example applies into must exist for namespaced dry runs: its namespace, and its identity for real.
  for (const kind of ['Namespace', 'ServiceAccount', 'Role', 'RoleBinding']) await applyForReal(one(kind));
  const rule = (one('Role').rules as RoleRule[])[0]!;
  account = await tokenFor(one('ServiceAccount'), one('Role').metadata.namespace!, rule.verbs);
}, 240_000);

afterAll(async () => {
  await kube?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the Kubernetes example (examples/kubernetes)', () => {
  it('has every object accepted by the API server (server-side apply, dry run, strict fields) without a warning', async () => {
    expect(manifests.map((manifest) => manifest.object.kind).sort()).toEqual(
      ['ConfigMap', 'CronJob', 'Job', 'Namespace', 'Role', 'RoleBinding', 'ServiceAccount'].sort(),
    );
    const refused: string[] = [];
    for (const { file, object } of manifests) {
      const answer = await apply(object, { dryRun: true });
      if (answer.status !== 200 && answer.status !== 201)
        refused.push(`${file} ${object.kind} ${object.metadata.name}: ${answer.status} ${answer.body.message}`);
      // The dbpass namespace enforces and warns of `restricted`: a pod template that would break it warns here.
      for (const warning of answer.warnings) refused.push(`${file} ${object.kind} ${object.metadata.name}: ${warning}`);
    }
    expect(refused).toEqual([]);
  });

  it('refuses broken copies: an unknown field, a CronJob without its job; warns of a pod that would run as root', async () => {
    const typo = structuredClone(one('CronJob')) as KubeObject & { spec: { jobTemplate: { spec: JobSpec } } };
    typo.spec.jobTemplate.spec.template.spec.containers[0]!.securityContext!.readOnlyRootFileSystem = true;
    const unknown = await apply(typo, { dryRun: true });
    // Server-side apply answers an undeclared field with 500 ("field not declared in schema"), not 400.
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(String(unknown.body.message)).toContain('readOnlyRootFileSystem');

    const jobless = structuredClone(one('CronJob')) as KubeObject & { spec: Record<string, unknown> };
    delete jobless.spec.jobTemplate;
    expect((await apply(jobless, { dryRun: true })).status).toBe(422);

    const root = structuredClone(one('Job')) as KubeObject & { spec: JobSpec };
    root.spec.template.spec.securityContext = { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } };
    const warned = await apply(root, { dryRun: true });
    expect([200, 201]).toContain(warned.status);
    expect(warned.warnings.join(' ')).toMatch(/restricted.*runAsNonRoot/);
  });

  it('carries a valid plan, mounted where --plan points, fed exactly the credentials it names, in-cluster', async () => {
    const { plan, mountPath, folder } = await mountedPlan();
    expect(expandTargets(plan).length).toBeGreaterThan(0);
    for (const target of plan.targets) {
      const caFile = target.verify.by === 'login' ? target.verify.tls?.caFile : undefined;
      // A CA file is read from the ConfigMap's own keys, beside the plan.
      if (caFile) expect(path.dirname(caFile)).toBe(folder);
    }
    const store = (plan.store as { kubernetes?: { namespace: string; kubeconfig?: string } }).kubernetes;
    expect(store?.kubeconfig).toBeUndefined();
    expect(store?.namespace).toBe(one('Role').metadata.namespace);
    expect(one('RoleBinding').metadata.namespace).toBe(store?.namespace);

    const serviceAccount = one('ServiceAccount').metadata;
    expect(one('RoleBinding').subjects).toEqual([
      { kind: 'ServiceAccount', name: serviceAccount.name, namespace: serviceAccount.namespace },
    ]);
    for (const kind of ['CronJob', 'Job'] as const) {
      const pod = podOf(kind);
      expect(one(kind).metadata.namespace).toBe(serviceAccount.namespace);
      expect(pod.serviceAccountName).toBe(serviceAccount.name);
      expect(pod.automountServiceAccountToken).toBe(true);
      expect(pod.restartPolicy).toBe('Never');
      const [container] = pod.containers;
      expect(container?.command).toEqual(['dbpass']);
      expect(container?.volumeMounts?.map((mount) => mount.mountPath)).toEqual([mountPath]);
      expect(container?.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(Object.keys(container?.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(container?.resources?.limits ?? {}).sort()).toEqual(['cpu', 'memory']);
    }
    // The rotation gets each variable its plan names from the Secret, under its own name; adopt needs none.
    const env = podOf('CronJob').containers[0]!.env ?? [];
    expect(env.map((entry) => entry.name).sort()).toEqual(credentialNames(plan).sort());
    for (const entry of env) expect(entry.valueFrom?.secretKeyRef?.key).toBe(entry.name);
    expect(podOf('Job').containers[0]!.env).toBeUndefined();
  });

  it("sets the CronJob's times from the plan's lock lease", async () => {
    const { plan } = await mountedPlan();
    const cronJob = one('CronJob') as KubeObject & {
      spec: {
        schedule: string;
        concurrencyPolicy: string;
        startingDeadlineSeconds: number;
        jobTemplate: { spec: JobSpec };
      };
    };
    const leaseSeconds = (plan.lock?.leaseMs ?? 120_000) / 1000;
    const jobSeconds = (plan.jobs?.timeoutMs ?? 600_000) / 1000;
    const args = cronJob.spec.jobTemplate.spec.template.spec.containers[0]!.args!;
    const wait = Number(args[args.indexOf('--wait') + 1]);
    const deadline = cronJob.spec.jobTemplate.spec.activeDeadlineSeconds!;
    const interval = intervalSeconds(cronJob.spec.schedule);
    expect(args).toEqual(expect.arrayContaining(['rotate', '--due', '--wait']));
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    // A retried pod outwaits the lease its killed predecessor left, instead of exiting 4 at once.
    expect(wait).toBeGreaterThan(leaseSeconds);
    // An attempt may wait that long for the lock, then for a cloud job; the deadline leaves room for a retry.
    expect(deadline).toBeGreaterThanOrEqual(2 * (wait + jobSeconds));
    // A run killed at its deadline leaves a lease that has passed before the next scheduled run starts.
    expect(interval).toBeGreaterThan(deadline + leaseSeconds);
    expect(cronJob.spec.startingDeadlineSeconds).toBeLessThan(interval);
    expect(cronJob.spec.jobTemplate.spec.backoffLimit).toBeGreaterThan(0);
  });

  it("runs the Job's and the CronJob's command lines as the ServiceAccount: adopt, then rotate --due, both exit 0", async () => {
    const { plan, mountPath, folder } = await mountedPlan();
    const store = (plan.store as { kubernetes: { namespace: string; secrets?: Record<string, string> } }).kubernetes;
    // The applications' Secrets as Helm made them, adopted as `dbpass adopt` does once the database took them.
    const application = kubeApplication(kube, store.secrets ? { secrets: store.secrets } : {});
    const asAccount = await openKubernetesStore({ ...store, kubeconfig: account.kubeconfig });
    const accounts = expandTargets(plan).map((planned) => planned.ref.id);
    for (const id of accounts) {
      await application.seed(id, `live-${randomUUID()}`);
      expect((await asAccount.inspect(id)).state).toBe('unmanaged');
      await asAccount.adopt(id, (await application.read(id))!, randomUUID(), login());
    }
    // In the pod, the store reads the in-cluster service account; here, the same token through KUBECONFIG.
    const commandLine = (kind: 'CronJob' | 'Job') =>
      podOf(kind).containers[0]!.args!.map((arg) =>
        arg.startsWith(`${mountPath}/`) ? path.join(folder, arg.slice(mountPath.length + 1)) : arg,
      );
    const credentials = Object.fromEntries(credentialNames(plan).map((name) => [name, `not-a-real-${name}`]));

    const adopted = await runCli(commandLine('Job'), { KUBECONFIG: account.kubeconfig });
    expect(adopted.stderr).toBe('');
    expect(adopted.code).toBe(0);
    expect(JSON.parse(adopted.stdout.trim().split('\n').at(-1)!).counts).toMatchObject({ managed: accounts.length });

    const rotated = await runCli(commandLine('CronJob'), { KUBECONFIG: account.kubeconfig, ...credentials });
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    expect(JSON.parse(rotated.stdout.trim().split('\n').at(-1)!).counts).toMatchObject({ skipped: accounts.length });
    // Without the credentials the CronJob's Secret provides, the same run is refused before anything is sent.
    const bare = await runCli(commandLine('CronJob'), { KUBECONFIG: account.kubeconfig });
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain(credentialNames(plan)[0]);
  });

  it("grants no verb the store does not use: a CronJob's run works with the Role's verbs, and without any one is refused", async () => {
    const verbs = (one('Role').rules as RoleRule[]).flatMap((rule) => {
      expect(rule).toEqual({ apiGroups: [''], resources: ['secrets'], verbs: expect.any(Array) });
      return rule.verbs;
    });
    /** What one CronJob run asks of the store, in a namespace of its own where nothing of dbpass's exists yet. */
    const run = async (name: string, granted: readonly string[]) => {
      const namespace = `verbs-${name}`;
      expect((await admin('POST', '/api/v1/namespaces', { metadata: { name: namespace } })).status).toBe(201);
      const { kubeconfig } = await grant(namespace, `verbs-${name}`, granted);
      const id = 'app-db';
      await kubeApplication({ ...kube, namespace }).seed(id, 'live-Passw0rd!');
      const store = await openKubernetesStore({ namespace, kubeconfig });
      const lock = await store.lock();
      try {
        await store.list();
        await store.adopt(id, 'live-Passw0rd!', randomUUID(), login());
        const pending = await store.putPending(id, 'next-Passw0rd!', randomUUID());
        await store.promote(id, pending.versionId, login());
      } finally {
        await lock.release().catch(() => undefined);
      }
    };
    await run('all', verbs);
    for (const verb of verbs) {
      const refused = await run(
        `without-${verb}`,
        verbs.filter((granted) => granted !== verb),
      ).catch((error: unknown) => error);
      expect(refused, `a run without "${verb}"`).toBeInstanceOf(StoreAuthError);
    }
  });
});

storeContract(
  "kubernetes store as the example's ServiceAccount",
  async () => {
    const store = (kubeconfig: string) =>
      `{ kubernetes: { namespace: ${kube.namespace}, kubeconfig: ${JSON.stringify(kubeconfig)} } }`;
    return {
      store: store(account.kubeconfig),
      env: {},
      down: { store: store(kube.downKubeconfig), env: {} },
      badAuth: { store: store(kube.badKubeconfig), env: {} },
      application: kubeApplication(kube),
      secrets: [kube.token, account.token],
      stop: async () => {},
    };
  },
  { lockFreeWrites: true },
);
