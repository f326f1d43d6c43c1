import { allAccounts, fleetAccounts } from '../fleet.js';
import { seed } from '../seed.js';
import type { Emulator } from '../server.js';
import type { CliConfig } from './options.js';

/**
 * What the emulator prints once it listens: its first line says where, the rest is everything a plan needs (the
 * endpoint, the credentials, the project, instance, tenant and user names) and what is running.
 */
export function banner(emulator: Emulator, config: CliConfig, requestLogPath?: string): string {
  const h = seed.huawei;
  const ob = seed.oceanbase;
  const url = emulator.url;
  const accounts = allAccounts(config.emulator.fleet);
  const fleet = fleetAccounts(config.emulator.fleet);
  const users = (names: readonly string[]) => names.join(', ');
  const lines = [
    `dbpass emulator listening on ${url}`,
    '',
    'Every value below is a fixed, public emulator value (packages/emulator/src/seed.ts), not a secret.',
    '',
    `Plan connections (the endpoint goes in each connection's endpoint:, instead of region:):`,
    `  hw: { cloud: huawei, endpoint: ${url}, projectId: ${h.projectId}, credentials: { accessKeyEnv: HW_AK, secretKeyEnv: HW_SK } }`,
    `  ob: { cloud: oceanbase, endpoint: ${url}, projectId: ${ob.projectId}, credentials: { accessKeyIdEnv: OB_AK, accessKeySecretEnv: OB_SK } }`,
    `  export HW_AK=${h.ak} HW_SK=${h.sk} OB_AK=${ob.accessKeyId} OB_SK=${ob.accessKeySecret}`,
    '',
    'Huawei Cloud (TaurusDB, with IAM)',
    `  endpoint            ${url}  (IAM tokens too: POST ${url}/v3/auth/tokens)`,
    `  region              ${h.region}`,
    `  project id          ${h.projectId}  (${h.otherProjectId} exists too, and is refused)`,
    `  AK                  ${h.ak}`,
    `  SK                  ${h.sk}`,
    `  temporary AK / SK   ${h.temporary.ak} / ${h.temporary.sk}, security token ${h.temporary.securityToken}`,
    `  IAM user            ${h.iamUser.name}, password ${h.iamUser.password}, domain ${h.domainName}`,
    `  TaurusDB            ${h.instances.taurusdb.id} (${h.instances.taurusdb.name}): root, ${users(h.dbUsers.map((u) => `${u.name}@${u.host}`))}`,
    ...fleetInstanceLines(fleet.taurusdb),
    `  StarRocks           ${h.instances.starrocks.id} (${h.instances.starrocks.name}): ${listed(accounts.starrocksUsers)}`,
    `  ClickHouse          ${h.instances.clickhouse.id} (${h.instances.clickhouse.name}): ${listed(accounts.clickhouseUsers)}`,
    'OceanBase Cloud',
    `  endpoint            ${url}  (Digest auth)`,
    `  project id          ${ob.projectId}`,
    `  AccessKey ID        ${ob.accessKeyId}`,
    `  AccessKey secret    ${ob.accessKeySecret}`,
    `  instanceId          ${ob.instanceId}`,
    `  tenantId            ${ob.tenantId}: ${listed(accounts.oceanbaseUsers)}`,
    `Every account's password starts as ${seed.initialPassword}.`,
    '',
    ...engineLines(emulator),
    `faults: ${config.faultSummary.length === 0 ? 'none' : `seed ${config.emulator.faults?.seed}; ${config.faultSummary.join('; ')}`}`,
    ...(requestLogPath ? [`request log: ${requestLogPath} (one JSON line per request)`] : []),
    'Stop with Ctrl-C.',
  ];
  return `${lines.join('\n')}\n`;
}

/** Names, with a long run of numbered ones shortened to its first and last. */
function listed(names: readonly string[]): string {
  const numbered = names.filter((name) => /_\d{3}$/.test(name));
  const named = names.filter((name) => !/_\d{3}$/.test(name));
  const run = numbered.length > 2 ? [`${numbered[0]}..${numbered.at(-1)} (${numbered.length})`] : numbered;
  return [...named, ...run].join(', ');
}

function fleetInstanceLines(instances: ReturnType<typeof fleetAccounts>['taurusdb']): string[] {
  const line = (instance: (typeof instances)[number]) =>
    `  TaurusDB (fleet)    ${instance.id} (${instance.name}): root${instance.users.length ? `, ${listed(instance.users.map((u) => u.name))}, each @%` : ''}`;
  if (instances.length <= 4) return instances.map(line);
  return [line(instances[0]!), `  ... ${instances.length - 2} more, numbered alike ...`, line(instances.at(-1)!)];
}

function engineLines(emulator: Emulator): string[] {
  if (emulator.engines.mode === 'memory') return ['engines: memory (passwords live in the emulator only)'];
  return [
    'engines: real (each instance is a database server on 127.0.0.1 that its accounts log in to)',
    ...[...emulator.engines.addresses].map(
      ([instance, address]) =>
        `engine ${instance} ${address.engine} ${address.protocol}://${address.host}:${address.port} (pid ${address.pid})`,
    ),
  ];
}
