import { seed } from '@dbpass/emulator';
import type { FleetTargets } from './emulator-fleet.js';

export interface FleetPlanOptions {
  readonly emulatorUrl: string;
  readonly storeFile: string;
  /** The plan's `store:` value as YAML flow text, instead of the file store at `storeFile`. */
  readonly store?: string;
  readonly auditFile?: string;
  readonly verifierModule?: string;
  readonly concurrency?: number;
  readonly requestsPerSecond?: number;
  /** The plan's `lock.leaseMs`. */
  readonly leaseMs?: number;
  /**
   * The `verify:` of a target, by instance key (a Huawei instance id, or `oceanbase/<instance>/<tenant>`), and the
   * host pattern of a restricted db user among the target's users, if any.
   */
  readonly verifyFor?: (instanceKey: string, restrictedHost?: string) => string;
  /** Every target whose kind can alternate gets `strategy: alternating` (the twin `<user>_clone`). */
  readonly strategy?: 'single' | 'alternating';
}

/** Environment a plan from `fleetPlanYaml` reads: the emulator's credentials and a store key, by these names. */
export const fleetEnv = (storeKey: string): Record<string, string> => ({
  DBPASS_STORE_KEY: storeKey,
  HW_AK: seed.huawei.ak,
  HW_SK: seed.huawei.sk,
  OB_AK: seed.oceanbase.accessKeyId,
  OB_SK: seed.oceanbase.accessKeySecret,
});

/** For the stand-in verifiers, which answer from the emulator's state whatever the address. */
const standInLogin = () => `verify: { by: login, address: "127.0.0.1:3306", tls: { mode: disabled } }`;

/** A plan rotating every account of the fleet against the emulator, verified by login. */
export function fleetPlanYaml(fleet: FleetTargets, options: FleetPlanOptions): string {
  const login = options.verifyFor ?? standInLogin;
  const strategy = options.strategy === 'alternating' ? ', strategy: alternating' : '';
  const rate = options.requestsPerSecond ? `\n    requestsPerSecond: ${options.requestsPerSecond}` : '';
  const lines = [
    'version: 1',
    `store: ${options.store ?? `{ file: ${JSON.stringify(options.storeFile)}, keyEnv: DBPASS_STORE_KEY }`}`,
    ...(options.auditFile ? [`audit: ${JSON.stringify(options.auditFile)}`] : []),
    ...(options.verifierModule ? [`verifier: { module: ${JSON.stringify(options.verifierModule)} }`] : []),
    `concurrency: ${options.concurrency ?? 8}`,
    'jobs: { pollIntervalMs: 50 }',
    ...(options.leaseMs ? [`lock: { leaseMs: ${options.leaseMs} }`] : []),
    'connections:',
    '  hw:',
    `    cloud: huawei\n    endpoint: ${options.emulatorUrl}\n    projectId: ${seed.huawei.projectId}\n    credentials: { accessKeyEnv: HW_AK, secretKeyEnv: HW_SK }${rate}`,
    '  ob:',
    `    cloud: oceanbase\n    endpoint: ${options.emulatorUrl}\n    projectId: ${seed.oceanbase.projectId}\n    credentials: { accessKeyIdEnv: OB_AK, accessKeySecretEnv: OB_SK }${rate}`,
    'targets:',
  ];
  fleet.taurus.forEach((instance, index) => {
    lines.push(
      `  - { name: taurus-${index}-root, kind: taurusdb-root, connection: hw, instanceId: ${instance.instanceId}, ${login(instance.instanceId)} }`,
    );
    const restricted = instance.users.find((user) => user.host !== '%')?.host;
    lines.push(
      `  - name: taurus-${index}-users\n    kind: taurusdb-db-users\n    connection: hw\n    instanceId: ${instance.instanceId}\n    ${login(instance.instanceId, restricted)}\n${strategy ? '    strategy: alternating\n' : ''}    users:`,
    );
    for (const user of instance.users) lines.push(`      - { user: ${user.name}, host: ${JSON.stringify(user.host)} }`);
  });
  for (const kind of ['starrocks', 'clickhouse'] as const) {
    for (const user of fleet[kind].users)
      lines.push(
        `  - { name: ${kind}-${user.replace(/_/g, '-')}, kind: ${kind}, connection: hw, instanceId: ${fleet[kind].instanceId}, user: ${user}${strategy}, ${login(fleet[kind].instanceId)} }`,
      );
  }
  for (const user of fleet.oceanbase.users) {
    lines.push(
      `  - { name: ob-${user.replace(/_/g, '-')}, kind: oceanbase-tenant-user, connection: ob, instanceId: ${fleet.oceanbase.instanceId}, tenantId: ${fleet.oceanbase.tenantId}, user: ${user}${strategy}, ${login(`oceanbase/${fleet.oceanbase.instanceId}/${fleet.oceanbase.tenantId}`)} }`,
    );
  }
  return `${lines.join('\n')}\n`;
}
