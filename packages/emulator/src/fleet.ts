import { seed } from './seed.js';

/** How many accounts to add beyond the seed, for fleet tests and benchmarks. */
export interface FleetSize {
  /** Extra TaurusDB instances (each its own MariaDB server on real engines). */
  readonly taurusInstances?: number;
  /** Database users on each extra TaurusDB instance, all `@'%'`. */
  readonly usersPerInstance?: number;
  /** Extra users on the seeded StarRocks instance. */
  readonly starrocksUsers?: number;
  /** Extra users on the seeded ClickHouse instance. */
  readonly clickhouseUsers?: number;
  /** Extra users in the seeded OceanBase tenant. */
  readonly oceanbaseUsers?: number;
}

/** The extra accounts a fleet size stands for: deterministic ids and names, so a plan can be written for them. */
export interface FleetAccounts {
  readonly taurusdb: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    readonly users: ReadonlyArray<{ readonly name: string; readonly host: '%' }>;
  }>;
  readonly starrocksUsers: readonly string[];
  readonly clickhouseUsers: readonly string[];
  readonly oceanbaseUsers: readonly string[];
}

const numbered = (prefix: string, count = 0) =>
  Array.from({ length: count }, (_, index) => `${prefix}${String(index + 1).padStart(3, '0')}`);

export function fleetAccounts(size: FleetSize = {}): FleetAccounts {
  return {
    taurusdb: Array.from({ length: size.taurusInstances ?? 0 }, (_, index) => ({
      id: `${`f1ee7${String(index + 1).padStart(5, '0')}`.padEnd(32, '0')}in07`,
      name: `taurus-fleet-${String(index + 1).padStart(2, '0')}`,
      users: numbered('fleet_user_', size.usersPerInstance).map((name) => ({ name, host: '%' as const })),
    })),
    starrocksUsers: numbered('sr_fleet_', size.starrocksUsers),
    clickhouseUsers: numbered('ch_fleet_', size.clickhouseUsers),
    oceanbaseUsers: numbered('ob_fleet_', size.oceanbaseUsers),
  };
}

/** Every account of the seed and the fleet, by kind (the seed's first). */
export function allAccounts(size: FleetSize = {}) {
  const fleet = fleetAccounts(size);
  const h = seed.huawei;
  return {
    taurusdb: [{ id: h.instances.taurusdb.id, name: h.instances.taurusdb.name, users: h.dbUsers }, ...fleet.taurusdb],
    starrocksUsers: [...h.starrocksUsers, ...fleet.starrocksUsers],
    clickhouseUsers: [...h.clickhouseUsers, ...fleet.clickhouseUsers],
    oceanbaseUsers: [...seed.oceanbase.users, ...fleet.oceanbaseUsers],
  };
}
