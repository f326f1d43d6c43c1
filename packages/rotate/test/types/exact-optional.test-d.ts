// Compiled by `tsc -p test/types` (the package's test script) with exactOptionalPropertyTypes: a caller who passes
// `undefined` for an option it does not set (`only: flags.only`) compiles, as it does without that flag.
import {
  type AdoptOptions,
  adopt,
  checkReadiness,
  type FileStoreOptions,
  type JobWaitOptions,
  type LoginChecker,
  type OpenPlanStoreOptions,
  type Plan,
  previewRotation,
  type ReadinessOptions,
  type RotateOptions,
  rotate,
  type SecretStore,
  type TargetSpec,
  type TryLoginOptions,
} from '../../src/index.js';
import type { AwsStoreOptions } from '../../src/stores/aws.js';
import type { KubernetesStoreOptions } from '../../src/stores/kubernetes.js';
import type { VaultStoreOptions } from '../../src/stores/vault.js';
import { createVerifyLoginChecker, type VerifyLoginCheckerOptions } from '../../src/verify-login-checker.js';

declare const store: SecretStore;
declare const checker: LoginChecker;
declare const maybe: <T>() => T | undefined;

const target: TargetSpec = {
  name: 'app-db',
  kind: 'taurusdb-db-users',
  connection: 'hw',
  instanceId: 'i',
  users: [{ user: 'app_user', host: undefined }],
  verify: {
    by: 'login',
    address: 'db:3306',
    tls: { mode: 'verify-full', caFile: undefined, serverName: undefined },
    loginName: undefined,
    proxySource: undefined,
  },
  period: undefined,
  manual: undefined,
  password: { length: undefined, exclude: undefined },
};

export const plan: Plan = {
  version: 1,
  store: { file: 'dbpass.store', keyEnv: 'DBPASS_STORE_KEY', keyFile: undefined },
  audit: undefined,
  verifier: { module: undefined },
  concurrency: undefined,
  jobs: { pollIntervalMs: undefined, timeoutMs: undefined },
  period: undefined,
  lock: { leaseMs: undefined },
  connections: {
    hw: {
      cloud: 'huawei',
      region: undefined,
      endpoint: undefined,
      projectId: 'p',
      credentials: { accessKeyEnv: 'AK', secretKeyEnv: 'SK', securityTokenEnv: undefined },
      requestsPerSecond: undefined,
    },
    ob: {
      cloud: 'oceanbase',
      region: undefined,
      endpoint: undefined,
      projectId: 'p',
      credentials: { accessKeyIdEnv: 'AK', accessKeySecretEnv: 'SK' },
      requestsPerSecond: undefined,
    },
  },
  targets: [target],
};

export const remoteStores: Plan['store'][] = [
  { vault: { address: undefined, mount: undefined, path: 'apps', field: undefined, tokenEnv: undefined } },
  { aws: { prefix: undefined, region: undefined, endpoint: undefined, field: undefined } },
  {
    kubernetes: { namespace: 'apps', secrets: undefined, key: undefined, kubeconfig: undefined, context: undefined },
  },
];

const jobWait: JobWaitOptions = { intervalMs: undefined, timeoutMs: undefined };

const rotateOptions: RotateOptions = {
  plan,
  store,
  checker: maybe<LoginChecker>(),
  only: maybe<string[]>(),
  due: undefined,
  init: undefined,
  env: undefined,
  audit: undefined,
  onEvent: undefined,
  checkpoint: undefined,
  concurrency: undefined,
  lockWaitMs: undefined,
  jobWait,
  setAttempts: undefined,
  setRetryDelaysMs: undefined,
  loginDeadlineMs: undefined,
  loginRetryDelaysMs: undefined,
  now: undefined,
};

const adoptOptions: AdoptOptions = {
  plan,
  store,
  checker: undefined,
  only: undefined,
  password: maybe<string>(),
  trust: undefined,
  audit: undefined,
  onEvent: undefined,
  lockWaitMs: undefined,
  loginDeadlineMs: undefined,
  concurrency: undefined,
  now: undefined,
};

const readinessOptions: ReadinessOptions = {
  plan,
  store,
  checker: undefined,
  only: undefined,
  env: undefined,
  audit: undefined,
  loginDeadlineMs: undefined,
};

const tryLogin: TryLoginOptions = { signal: undefined, deadlineMs: undefined };
const verifyOptions: VerifyLoginCheckerOptions = { loginsPerAddress: undefined };

export const storeOptions: [
  FileStoreOptions,
  OpenPlanStoreOptions,
  VaultStoreOptions,
  AwsStoreOptions,
  KubernetesStoreOptions,
] = [
  {
    path: 'dbpass.store',
    key: { env: 'DBPASS_STORE_KEY' },
    checkpoint: undefined,
    now: undefined,
    env: undefined,
    acceptRollback: undefined,
  },
  { env: undefined, checkpoint: undefined },
  {
    address: undefined,
    token: undefined,
    mount: undefined,
    path: 'apps',
    field: undefined,
    checkpoint: undefined,
    now: undefined,
    env: undefined,
  },
  {
    prefix: undefined,
    region: undefined,
    endpoint: undefined,
    field: undefined,
    checkpoint: undefined,
    now: undefined,
    env: undefined,
    client: undefined,
  },
  {
    namespace: 'apps',
    secrets: undefined,
    key: undefined,
    kubeconfig: undefined,
    context: undefined,
    checkpoint: undefined,
    now: undefined,
    env: undefined,
  },
];

export const calls = async () => [
  await rotate(rotateOptions),
  await adopt(adoptOptions),
  await checkReadiness(readinessOptions),
  await previewRotation({
    plan,
    store,
    only: undefined,
    due: undefined,
    env: undefined,
    hasLoginChecker: true,
    now: undefined,
  }),
  await checker.tryLogin(
    { id: 'a', target: 'a', cloud: 'huawei', kind: 'starrocks', instanceId: 'i', userName: 'u' },
    'pw',
    tryLogin,
  ),
  await store.lock({ waitMs: undefined, leaseMs: undefined }),
  await createVerifyLoginChecker(verifyOptions),
];
