// A fleet on the twin: accounts beyond the seed (fleetAccounts) exist in the engines with the seeded password.
import { describe, expect, it } from 'vitest';
import { fleetAccounts, type FleetSize } from '@dbpass/emulator';
import { oceanbaseLoginName, tryLogin, type LoginTarget } from '@dbpass/verify';
import { h, o, seed, taurusWithAkSk, useEmulator } from './setup.js';

const size: FleetSize = { taurusInstances: 2, usersPerInstance: 3, starrocksUsers: 2, clickhouseUsers: 2, oceanbaseUsers: 2 };
const emulator = useEmulator({ engines: 'real', fleet: size });
const fleet = fleetAccounts(size);

function at(key: string, user: string): LoginTarget {
  const address = emulator.current.engines.addresses.get(key)!;
  return { protocol: address.protocol, host: address.host, port: address.port, user } as LoginTarget;
}

describe('a fleet on the twin', () => {
  it('has an engine per extra TaurusDB instance and every extra account logs in with the seeded password', async () => {
    const targets = [
      ...fleet.taurusdb.flatMap((instance) => [at(instance.id, 'root'), ...instance.users.map((user) => at(instance.id, user.name))]),
      ...fleet.starrocksUsers.map((user) => at(h.instances.starrocks.id, user)),
      ...fleet.clickhouseUsers.map((user) => at(h.instances.clickhouse.id, user)),
      ...fleet.oceanbaseUsers.map((user) => at(`oceanbase/${o.instanceId}/${o.tenantId}`, oceanbaseLoginName({ userName: user, tenant: o.tenantId, cluster: o.instanceId }, 'proxy'))),
    ];
    expect(targets).toHaveLength(2 * 4 + 2 + 2 + 2);
    const outcomes = await Promise.all(targets.map((target) => tryLogin(target, seed.initialPassword)));
    expect(outcomes.every((outcome) => outcome === 'accepted')).toBe(true);
  });

  it('changes a fleet user through the API like a seeded one', async () => {
    const [instance] = fleet.taurusdb;
    const taurus = taurusWithAkSk(emulator.current);
    await taurus.resetGaussMySqlPassword({ instance_id: instance!.id, body: { password: 'Fleet_root_pw1' } });
    expect(await tryLogin(at(instance!.id, 'root'), 'Fleet_root_pw1')).toBe('accepted');
    expect(await tryLogin(at(instance!.id, 'root'), seed.initialPassword)).toBe('refused');
  });
});
