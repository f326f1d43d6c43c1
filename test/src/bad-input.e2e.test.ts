// Every kind of bad input, for every operation, is refused with a ValidationError that names each rule,
// and nothing reaches the emulator.

import { ValidationError } from '@dbpass/client-taurusdb';
import { describe, expect, it } from 'vitest';
import { h, oceanbaseClient, taurusWithAkSk, thrown, useEmulator } from './setup.js';

const emulator = useEmulator();
const good = {
  taurus: h.instances.taurusdb.id,
  starrocks: h.instances.starrocks.id,
  clickhouse: h.instances.clickhouse.id,
};
const users = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ name: `user_${index}`, host: '%', password: `Valid_pw_${index}x` }));

const cases: Array<[string, (e: typeof emulator) => Promise<unknown>, string[]]> = [
  [
    'root: too short, too few classes',
    (e) => taurusWithAkSk(e.current).resetGaussMySqlPassword({ instance_id: good.taurus, body: { password: 'abc' } }),
    ['body.password password.too-short', 'body.password password.too-few-classes'],
  ],
  [
    'root: a character outside the specials (| and $ are allowed, ; is not)',
    (e) =>
      taurusWithAkSk(e.current).resetGaussMySqlPassword({
        instance_id: good.taurus,
        body: { password: 'Abcdef12|$;' },
      }),
    ['body.password password.disallowed-characters'],
  ],
  [
    'root: bad instance id',
    (e) =>
      taurusWithAkSk(e.current).resetGaussMySqlPassword({ instance_id: 'in07', body: { password: 'Valid_pw_1x' } }),
    ['path.instance_id pattern'],
  ],
  [
    'root: bad project id',
    (e) =>
      taurusWithAkSk(e.current).resetGaussMySqlPassword({
        project_id: 'p',
        instance_id: good.taurus,
        body: { password: 'Valid_pw_1x' },
      }),
    ['path.project_id pattern'],
  ],
  [
    'root: unknown body field',
    (e) =>
      taurusWithAkSk(e.current).resetGaussMySqlPassword({
        instance_id: good.taurus,
        body: { password: 'Valid_pw_1x', user: 'root' } as never,
      }),
    ['body.user additionalProperties'],
  ],
  [
    'db users: 51 users',
    (e) =>
      taurusWithAkSk(e.current).resetGaussMySqlDatabasePassword({
        instance_id: good.taurus,
        body: { users: users(51) },
      }),
    ['body.users maxItems'],
  ],
  [
    'db users: none',
    (e) => taurusWithAkSk(e.current).resetGaussMySqlDatabasePassword({ instance_id: good.taurus, body: { users: [] } }),
    ['body.users minItems'],
  ],
  [
    'db users: duplicate (name, host)',
    (e) =>
      taurusWithAkSk(e.current).resetGaussMySqlDatabasePassword({
        instance_id: good.taurus,
        body: { users: [...users(2), users(1)[0]!] },
      }),
    ['body.users[2] duplicate'],
  ],
  [
    'db users: bad name, bad host, missing password',
    (e) =>
      taurusWithAkSk(e.current).resetGaussMySqlDatabasePassword({
        instance_id: good.taurus,
        body: { users: [{ name: 'bad name', host: '10.10.%.x' } as never] },
      }),
    ['body.users[0].name pattern', 'body.users[0].host pattern', 'body.users[0].password required'],
  ],
  [
    'db users: the user name reversed',
    (e) =>
      taurusWithAkSk(e.current).resetGaussMySqlDatabasePassword({
        instance_id: good.taurus,
        body: { users: [{ name: 'Abc_12345', host: '%', password: '54321_cbA' }] },
      }),
    ['body.users[0].password password.reversed-user-name'],
  ],
  [
    'job: not a UUID',
    (e) => taurusWithAkSk(e.current).showGaussMySqlJobInfo({ id: 'job-1' }),
    ['query.id pattern', 'query.id format'],
  ],
  [
    'StarRocks: bad user name, $ not allowed',
    (e) =>
      taurusWithAkSk(e.current).updateStarRocksDatabaseUserPassword({
        instance_id: good.starrocks,
        body: { user_name: 'Admin', password: 'Valid$pw12' },
      }),
    ['body.user_name pattern', 'body.password password.disallowed-characters'],
  ],
  [
    'ClickHouse: the user name as the password',
    (e) =>
      taurusWithAkSk(e.current).updateClickHouseDatabaseUserPassword({
        instance_id: good.clickhouse,
        body: { user_name: 'ch_analyst99', password: 'ch_analyst99' },
      }),
    ['body.password password.same-as-user-name'],
  ],
  [
    'OceanBase: three classes only, bad ids, reserved user',
    (e) =>
      oceanbaseClient(e.current).modifyTenantUserPassword({
        instanceId: 'a/b',
        tenantId: '',
        userName: 'sys',
        body: { userPassword: 'abcdefgh12!' },
      }),
    [
      'path.instanceId pattern',
      'path.tenantId minLength',
      'path.userName reserved-word',
      'body.userPassword password.too-few-classes',
    ],
  ],
];

describe('bad input sends nothing', () => {
  it.each(cases)('%s', async (_, call, rules) => {
    const before = emulator.current.requests.length;
    const error = await thrown(() => call(emulator));
    expect(error).toBeInstanceOf(ValidationError);
    const found = (error as ValidationError).issues.map((issue) => `${issue.field} ${issue.rule}`);
    expect(found).toEqual(expect.arrayContaining(rules));
    for (const rule of rules) expect(error.message).toContain(rule.split(' ')[0]);
    expect(emulator.current.requests.length).toBe(before);
  });
});
