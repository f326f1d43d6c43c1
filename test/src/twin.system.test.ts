// The twin on real engines: every account kind is changed through the generated clients, then the verifier
// logs in to the engine behind the instance: the new password is accepted, the old one refused.

import { waitForJob } from '@dbpass/client-taurusdb';
import { type Emulator, type FleetSize, fleetAccounts } from '@dbpass/emulator';
import {
  LoginImpossibleError,
  type LoginTarget,
  OCEANBASE_LOGIN_FORMS,
  oceanbaseLoginName,
  tryLogin,
  verifyPasswordChange,
} from '@dbpass/verify';
import { describe, expect, it } from 'vitest';
import { h, o, oceanbaseClient, seed, taurusWithAkSk, taurusWithToken, useEmulator } from './setup.js';

const FAILING = 'Job_fails_pw1';
// One twin for the file (each costs ~250 MB): the seed plus a small fleet beyond it.
const size: FleetSize = {
  taurusInstances: 1,
  usersPerInstance: 3,
  starrocksUsers: 2,
  clickhouseUsers: 2,
  oceanbaseUsers: 2,
};
const fleet = fleetAccounts(size);
const emulator = useEmulator({ engines: 'real', failingPasswords: [FAILING], fleet: size });

/** Where the twin's engine for an instance listens, as a login target. */
function target(running: Emulator, instanceKey: string, user: string, extra: Partial<LoginTarget> = {}): LoginTarget {
  const address = running.engines.addresses.get(instanceKey);
  if (!address) throw new Error(`no engine behind ${instanceKey}`);
  return { protocol: address.protocol, host: address.host, port: address.port, user, ...extra } as LoginTarget;
}

describe('the twin: passwords change inside real engines', () => {
  it('backs every instance with a real engine on loopback', () => {
    const kinds = Object.fromEntries(
      [...emulator.current.engines.addresses].map(([key, address]) => [key, address.engine]),
    );
    expect(emulator.current.engines.mode).toBe('real');
    expect(kinds).toEqual({
      [h.instances.taurusdb.id]: 'mariadb',
      [fleet.taurusdb[0]!.id]: 'mariadb',
      [h.instances.starrocks.id]: 'mariadb',
      [h.instances.clickhouse.id]: 'clickhouse',
      [`oceanbase/${o.instanceId}/${o.tenantId}`]: 'mariadb',
    });
  });

  it('TaurusDB root: the address comes from ShowGaussMySqlInstanceInfoUnifyStatus; the reset password logs in, the old one is refused', async () => {
    const taurus = taurusWithAkSk(emulator.current);
    const { instance } = await taurus.showGaussMySqlInstanceInfoUnifyStatus({ instance_id: h.instances.taurusdb.id });
    expect(instance.status).toBe('normal');
    const root: LoginTarget = {
      protocol: 'mysql',
      host: instance.private_write_ips![0]!,
      port: Number(instance.port),
      user: instance.db_user_name!,
    };
    expect(await tryLogin(root, seed.initialPassword)).toBe('accepted');
    await taurus.resetGaussMySqlPassword({ instance_id: h.instances.taurusdb.id, body: { password: 'Twin_root_pw1' } });
    const evidence = await verifyPasswordChange(root, {
      newPassword: 'Twin_root_pw1',
      oldPassword: seed.initialPassword,
    });
    expect(evidence).toMatchObject({
      method: 'login',
      protocol: 'mysql',
      user: 'root',
      newPasswordAccepted: true,
      oldPasswordRefused: true,
      tls: false,
    });
    expect(JSON.stringify(evidence)).not.toContain('Twin_root_pw1');
  });

  it('a TaurusDB db user (IAM token): the job completes and the engine has the new password', async () => {
    const taurus = taurusWithToken(emulator.current);
    const app = target(emulator.current, h.instances.taurusdb.id, 'app_user');
    const { job_id } = await taurus.resetGaussMySqlDatabasePassword({
      instance_id: h.instances.taurusdb.id,
      body: { users: [{ name: 'app_user', host: '%', password: 'Twin_app_pw1' }] },
    });
    expect(await tryLogin(app, seed.initialPassword)).toBe('accepted'); // the job has not ended yet
    await waitForJob(taurus, job_id, { intervalMs: 50 });
    await verifyPasswordChange(
      app,
      { newPassword: 'Twin_app_pw1', oldPassword: seed.initialPassword },
      { deadlineMs: 0 },
    );
  });

  it('a host-restricted db user is verified through the PROXY protocol, and reported impossible without it', async () => {
    const taurus = taurusWithAkSk(emulator.current);
    const fromHere = target(emulator.current, h.instances.taurusdb.id, 'report_user', { accountHost: '10.10.10.%' });
    const fromTheVpc = { ...fromHere, proxySource: '10.10.10.5' } as LoginTarget;
    await expect(tryLogin(fromHere, seed.initialPassword)).rejects.toBeInstanceOf(LoginImpossibleError);
    await expect(
      tryLogin({ ...fromHere, proxySource: '10.20.0.1' } as LoginTarget, seed.initialPassword),
    ).rejects.toBeInstanceOf(LoginImpossibleError);
    expect(await tryLogin(fromTheVpc, seed.initialPassword)).toBe('accepted');
    const { job_id } = await taurus.resetGaussMySqlDatabasePassword({
      instance_id: h.instances.taurusdb.id,
      body: { users: [{ name: 'report_user', host: '10.10.10.%', password: 'Twin_report1' }] },
    });
    await waitForJob(taurus, job_id, { intervalMs: 50 });
    const evidence = await verifyPasswordChange(
      fromTheVpc,
      { newPassword: 'Twin_report1', oldPassword: seed.initialPassword },
      { deadlineMs: 0 },
    );
    expect(evidence).toMatchObject({ via: 'proxy-protocol', accountHost: '10.10.10.%' });
    // The same account without the header: the server sees 127.0.0.1, which the account does not allow.
    await expect(
      tryLogin({ ...fromTheVpc, accountHost: '%', proxySource: undefined } as LoginTarget, 'Twin_report1'),
    ).resolves.toBe('refused');
  });

  it('a failed job leaves the old password working in the engine', async () => {
    const taurus = taurusWithAkSk(emulator.current);
    const app = target(emulator.current, h.instances.taurusdb.id, 'app_user');
    const before = (await tryLogin(app, 'Twin_app_pw1')) === 'accepted' ? 'Twin_app_pw1' : seed.initialPassword;
    const { job_id } = await taurus.resetGaussMySqlDatabasePassword({
      instance_id: h.instances.taurusdb.id,
      body: { users: [{ name: 'app_user', host: '%', password: FAILING }] },
    });
    await expect(waitForJob(taurus, job_id, { intervalMs: 50 })).rejects.toMatchObject({ name: 'JobFailedError' });
    expect(await tryLogin(app, before)).toBe('accepted');
    expect(await tryLogin(app, FAILING)).toBe('refused');
  });

  it('a StarRocks user', async () => {
    const taurus = taurusWithAkSk(emulator.current);
    const user = h.starrocksUsers[0];
    await taurus.updateStarRocksDatabaseUserPassword({
      instance_id: h.instances.starrocks.id,
      body: { user_name: user, password: 'Twin_star_pw1' },
    });
    await verifyPasswordChange(
      target(emulator.current, h.instances.starrocks.id, user),
      { newPassword: 'Twin_star_pw1', oldPassword: seed.initialPassword },
      { deadlineMs: 0 },
    );
  });

  it('a ClickHouse user: the verifier polls until the server has reloaded its users', async () => {
    const taurus = taurusWithAkSk(emulator.current);
    const user = h.clickhouseUsers[0];
    const clickhouse = target(emulator.current, h.instances.clickhouse.id, user);
    expect(await tryLogin(clickhouse, seed.initialPassword)).toBe('accepted');
    await taurus.updateClickHouseDatabaseUserPassword({
      instance_id: h.instances.clickhouse.id,
      body: { user_name: user, password: 'Twin_click_pw1' },
    });
    const evidence = await verifyPasswordChange(
      clickhouse,
      { newPassword: 'Twin_click_pw1', oldPassword: seed.initialPassword },
      { deadlineMs: 15_000, intervalMs: 200 },
    );
    expect(evidence).toMatchObject({
      protocol: 'clickhouse-http',
      newPasswordAccepted: true,
      oldPasswordRefused: true,
    });
  });

  it('an OceanBase tenant user, under every login name form', async () => {
    const oceanbase = oceanbaseClient(emulator.current);
    const user = o.users[0];
    await oceanbase.modifyTenantUserPassword({
      instanceId: o.instanceId,
      tenantId: o.tenantId,
      userName: user,
      body: { userPassword: 'Twin_ocean_pw1!' },
    });
    for (const form of OCEANBASE_LOGIN_FORMS) {
      const name = oceanbaseLoginName({ userName: user, tenant: o.tenantId, cluster: o.instanceId }, form);
      await verifyPasswordChange(
        target(emulator.current, `oceanbase/${o.instanceId}/${o.tenantId}`, name),
        { newPassword: 'Twin_ocean_pw1!', oldPassword: seed.initialPassword },
        { deadlineMs: 0 },
      );
    }
  });

  it('an unknown user is refused, not an error; a closed port is EngineUnreachableError', async () => {
    expect(
      await tryLogin(target(emulator.current, h.instances.starrocks.id, 'nobody_here'), seed.initialPassword),
    ).toBe('refused');
    expect(
      await tryLogin(target(emulator.current, h.instances.clickhouse.id, 'nobody_here'), seed.initialPassword),
    ).toBe('refused');
    await expect(tryLogin({ protocol: 'mysql', host: '127.0.0.1', port: 1, user: 'root' }, 'x')).rejects.toMatchObject({
      name: 'EngineUnreachableError',
    });
  });

  it('a password that was never set fails verification by the deadline, naming the account and not the password', async () => {
    const starrocks = target(emulator.current, h.instances.starrocks.id, h.starrocksUsers[0]);
    const failure = await verifyPasswordChange(
      starrocks,
      { newPassword: 'Never_set_pw1' },
      { deadlineMs: 300, intervalMs: 100 },
    ).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'VerificationFailedError', newPasswordAccepted: false });
    expect(String((failure as Error).message)).toContain(h.starrocksUsers[0]);
    expect(JSON.stringify(failure) + String((failure as Error).message)).not.toContain('Never_set_pw1');
  });
});

const fleetAt = (key: string, user: string) => target(emulator.current, key, user);

describe('a fleet on the twin', () => {
  it('has an engine per extra TaurusDB instance and every extra account logs in with the seeded password', async () => {
    const targets = [
      ...fleet.taurusdb.flatMap((instance) => [
        fleetAt(instance.id, 'root'),
        ...instance.users.map((user) => fleetAt(instance.id, user.name)),
      ]),
      ...fleet.starrocksUsers.map((user) => fleetAt(h.instances.starrocks.id, user)),
      ...fleet.clickhouseUsers.map((user) => fleetAt(h.instances.clickhouse.id, user)),
      ...fleet.oceanbaseUsers.map((user) =>
        fleetAt(
          `oceanbase/${o.instanceId}/${o.tenantId}`,
          oceanbaseLoginName({ userName: user, tenant: o.tenantId, cluster: o.instanceId }, 'proxy'),
        ),
      ),
    ];
    expect(targets).toHaveLength(1 * 4 + 2 + 2 + 2);
    const outcomes = await Promise.all(targets.map((target) => tryLogin(target, seed.initialPassword)));
    expect(outcomes.every((outcome) => outcome === 'accepted')).toBe(true);
  });

  it('changes a fleet user through the API like a seeded one', async () => {
    const [instance] = fleet.taurusdb;
    const taurus = taurusWithAkSk(emulator.current);
    await taurus.resetGaussMySqlPassword({ instance_id: instance!.id, body: { password: 'Fleet_root_pw1' } });
    expect(await tryLogin(fleetAt(instance!.id, 'root'), 'Fleet_root_pw1')).toBe('accepted');
    expect(await tryLogin(fleetAt(instance!.id, 'root'), seed.initialPassword)).toBe('refused');
  });
});
