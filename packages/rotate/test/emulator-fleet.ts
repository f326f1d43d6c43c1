import { allAccounts, type Emulator, type FleetSize, seed } from '@dbpass/emulator';

/** How many accounts of each kind a test fleet has. The seeded emulator has 1 root, 2 db users, 1 of each other kind. */
export interface FleetShape {
  readonly taurusInstances: number;
  readonly dbUsersPerInstance: number;
  readonly starrocks: number;
  readonly clickhouse: number;
  readonly oceanbase: number;
}

export const SEEDED_FLEET: FleetShape = {
  taurusInstances: 1,
  dbUsersPerInstance: 2,
  starrocks: 1,
  clickhouse: 1,
  oceanbase: 1,
};

export const fleetSize = (shape: FleetShape) =>
  shape.taurusInstances * (1 + shape.dbUsersPerInstance) + shape.starrocks + shape.clickhouse + shape.oceanbase;

export interface FleetTargets {
  readonly taurus: ReadonlyArray<{ instanceId: string; users: ReadonlyArray<{ name: string; host: string }> }>;
  readonly starrocks: { instanceId: string; users: readonly string[] };
  readonly clickhouse: { instanceId: string; users: readonly string[] };
  readonly oceanbase: { instanceId: string; tenantId: string; users: readonly string[] };
}

const h = seed.huawei;
const o = seed.oceanbase;
const instanceId = (index: number) => `${index.toString(16).padStart(32, '0')}in07`;

/**
 * Adds accounts beyond the seed by writing the emulator's in-memory maps, each starting with the seed's initial
 * password. A TEST STAND-IN for a seeding API (`startEmulator({ seedExtra })`) the emulator does not have yet.
 */
export function growFleet(emulator: Emulator, shape: FleetShape): FleetTargets {
  const state = emulator.state;
  const seeded = state.huaweiInstances.get(h.instances.taurusdb.id)!;
  const initial = seeded.root;
  const taurus = Array.from({ length: shape.taurusInstances }, (_, index) => {
    const id = index === 0 ? h.instances.taurusdb.id : instanceId(index);
    const users = Array.from({ length: shape.dbUsersPerInstance }, (__, user) =>
      index === 0 && user < h.dbUsers.length ? { ...h.dbUsers[user]! } : { name: `app_user_${user}`, host: '%' },
    );
    if (index > 0)
      state.huaweiInstances.set(id, {
        id,
        name: `taurus-${index}`,
        kind: 'taurusdb',
        projectId: h.projectId,
        root: initial,
        users: new Map(),
      });
    const instance = state.huaweiInstances.get(id)!;
    for (const user of users)
      if (!instance.users.has(`${user.name}@${user.host}`)) instance.users.set(`${user.name}@${user.host}`, initial);
    return { instanceId: id, users };
  });
  const htap = (kind: 'starrocks' | 'clickhouse', count: number, first: string) => {
    const instance = state.huaweiInstances.get(h.instances[kind].id)!;
    const users = Array.from({ length: count }, (_, index) => (index === 0 ? first : `${kind}_user_${index}`));
    for (const user of users) if (!instance.users.has(user)) instance.users.set(user, initial);
    return { instanceId: instance.id, users };
  };
  const oceanbaseUsers = Array.from({ length: shape.oceanbase }, (_, index) =>
    index === 0 ? o.users[0] : `ob_user_${index}`,
  );
  for (const user of oceanbaseUsers) {
    const key = `${o.instanceId}/${o.tenantId}/${user}`;
    // A fresh object per user: the emulator changes an OceanBase user's password in place.
    if (!state.oceanbaseUsers.has(key)) state.oceanbaseUsers.set(key, { password: initial });
  }
  return {
    taurus,
    starrocks: htap('starrocks', shape.starrocks, h.starrocksUsers[0]),
    clickhouse: htap('clickhouse', shape.clickhouse, h.clickhouseUsers[0]),
    oceanbase: { instanceId: o.instanceId, tenantId: o.tenantId, users: oceanbaseUsers },
  };
}

/** The targets of an emulator started with `fleet: size` (the seed's accounts and the fleet's). */
export function fleetTargetsOf(size: FleetSize): FleetTargets {
  const accounts = allAccounts(size);
  return {
    taurus: accounts.taurusdb.map((instance) => ({ instanceId: instance.id, users: instance.users })),
    starrocks: { instanceId: h.instances.starrocks.id, users: accounts.starrocksUsers },
    clickhouse: { instanceId: h.instances.clickhouse.id, users: accounts.clickhouseUsers },
    oceanbase: { instanceId: o.instanceId, tenantId: o.tenantId, users: accounts.oceanbaseUsers },
  };
}
