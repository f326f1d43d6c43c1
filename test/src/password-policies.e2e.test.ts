// Password policies from the spec, checked three ways: every generated password passes its policy and
// the emulator; validation agrees with an independent restatement of each endpoint's documented rules
// (written here by hand from the API pages, not read from the spec); generated characters are uniform.

import { passwordPolicies as obPolicies } from '@dbpass/client-oceanbase';
import { generatePassword, type PasswordPolicy, passwordPolicies, validatePassword } from '@dbpass/client-taurusdb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { h, o, oceanbaseClient, taurusWithAkSk, useEmulator } from './setup.js';
import { chiSquare } from './stats.js';

const emulator = useEmulator({ jobVisibleAfterMs: 0, jobDurationMs: 0 });
const CASES = 10_000;

/* The documented rules, restated by hand (docs/api-docs and docs/reference), one function per endpoint. */
const reverse = (text: string) => [...text].reverse().join('');
const classCount = (password: string, specials: RegExp) =>
  [/[A-Z]/, /[a-z]/, /[0-9]/, specials].filter((pattern) => pattern.test(password)).length;
const onlyFrom = (password: string, allowed: RegExp) => [...password].every((char) => allowed.test(char));
const lengthOk = (password: string, min: number, max: number) =>
  [...password].length >= min && [...password].length <= max;

// StarRocks and ClickHouse document the same rule.
const htapAccepts = (p: string, u: string) =>
  lengthOk(p, 8, 32) &&
  onlyFrom(p, /[A-Za-z0-9~!@#%^*\-_=+?,]/) &&
  classCount(p, /[~!@#%^*\-_=+?,]/) >= 3 &&
  p !== u &&
  p !== reverse(u);

// CreateClickHouseDatabaseUser's own sources list the specials without the comma.
const clickhouseCreateAccepts = (p: string, u: string) =>
  lengthOk(p, 8, 32) &&
  onlyFrom(p, /[A-Za-z0-9~!@#%^*\-_=+?]/) &&
  classCount(p, /[~!@#%^*\-_=+?]/) >= 3 &&
  p !== u &&
  p !== reverse(u);

// OceanBase's newest pages: all four classes, 10 to 32, specials !@#$%^&*()_+-=.
const oceanbaseAccepts = (p: string) =>
  lengthOk(p, 10, 32) && onlyFrom(p, /[A-Za-z0-9!@#$%^&*()_+\-=]/) && classCount(p, /[!@#$%^&*()_+\-=]/) === 4;

const restated: Record<
  string,
  { policy: PasswordPolicy; userNames: readonly string[]; accepts: (password: string, userName: string) => boolean }
> = {
  // Newest API page (2024-12-16): "8 to 32 ... at least three types ... special characters |.~!@#$%^*-_=+?,()&"
  ResetGaussMySqlPassword: {
    policy: passwordPolicies.ResetGaussMySqlPassword.password,
    userNames: [''],
    accepts: (p) =>
      lengthOk(p, 8, 32) &&
      onlyFrom(p, /[A-Za-z0-9|.~!@#$%^*\-_=+?,()&]/) &&
      classCount(p, /[|.~!@#$%^*\-_=+?,()&]/) >= 3,
  },
  // Same rule, plus (console guide, DBS.05000006/7) not the user name or its reverse.
  ResetGaussMySqlDatabasePassword: {
    policy: passwordPolicies.ResetGaussMySqlDatabasePassword['users[].password'],
    userNames: h.dbUsers.map((user) => user.name),
    accepts: (p, u) =>
      lengthOk(p, 8, 32) &&
      onlyFrom(p, /[A-Za-z0-9~!@#$%^*\-_=+?,()&]/) &&
      classCount(p, /[~!@#$%^*\-_=+?,()&]/) >= 3 &&
      p !== u &&
      p !== reverse(u),
  },
  // "8-32 ... at least three of upper, lower, digits, special ~!@#%^*-_=+?, ... not the username or the username reversed"
  UpdateStarRocksDatabaseUserPassword: {
    policy: passwordPolicies.UpdateStarRocksDatabaseUserPassword.password,
    userNames: h.starrocksUsers,
    accepts: htapAccepts,
  },
  UpdateClickHouseDatabaseUserPassword: {
    policy: passwordPolicies.UpdateClickHouseDatabaseUserPassword.password,
    userNames: h.clickhouseUsers,
    accepts: htapAccepts,
  },
  // "uppercase letters, lowercase letters, digits, and special characters ... 10 to 32 ... !@#$%^&*()_+-="
  ModifyTenantUserPassword: {
    policy: obPolicies.ModifyTenantUserPassword.userPassword,
    userNames: [''],
    accepts: oceanbaseAccepts,
  },
  // "8 to 32 characters with at least three of uppercase letters, lowercase letters, digits and ~!@#$%^*-_=+?,()&",
  // and (console guide, DBS.05000006/7) not the user name or its reverse: the rule of the password reset.
  CreateGaussMySqlDatabaseUser: {
    policy: passwordPolicies.CreateGaussMySqlDatabaseUser['users[].password'],
    userNames: ['app_user_clone', 'report_user_clone'],
    accepts: (p, u) =>
      lengthOk(p, 8, 32) &&
      onlyFrom(p, /[A-Za-z0-9~!@#$%^*\-_=+?,()&]/) &&
      classCount(p, /[~!@#$%^*\-_=+?,()&]/) >= 3 &&
      p !== u &&
      p !== reverse(u),
  },
  // StarRocksDatabaseUserInfo: "8-32 ... three of ... ~!@#%^*-_=+?, ... not the user name or its reverse"
  CreateStarRocksDatabaseUser: {
    policy: passwordPolicies.CreateStarRocksDatabaseUser.password,
    userNames: ['sr_analyst_clone'],
    accepts: htapAccepts,
  },
  // ClickHouseDatabaseUserInfo: the same, with the specials ~!@#%^*-_=+? (no comma)
  CreateClickHouseDatabaseUser: {
    policy: passwordPolicies.CreateClickHouseDatabaseUser.password,
    userNames: ['ch_analyst_clone'],
    accepts: clickhouseCreateAccepts,
  },
  // CreateTenantUser's newest pages: the rule of ModifyTenantUserPassword
  CreateTenantUser: {
    policy: obPolicies.CreateTenantUser.password,
    userNames: [''],
    accepts: oceanbaseAccepts,
  },
};

/** Candidate passwords biased towards the interesting edges: the policy's own characters, near-miss lengths, foreign characters, the user name. */
function candidates(policy: PasswordPolicy, userNames: readonly string[]) {
  const alphabet = [...`ABCXYZabcxyz0189${policy.specials}$|.,;:'"\\ é€😀`];
  const fromAlphabet = fc
    .array(fc.constantFrom(...alphabet), { minLength: policy.minLength - 2, maxLength: policy.maxLength + 2 })
    .map((chars) => chars.join(''));
  const userName = fc.constantFrom(...userNames);
  return fc.tuple(fc.oneof(fromAlphabet, fc.string({ maxLength: 40 }), userName, userName.map(reverse)), userName);
}

describe.each(Object.entries(restated))('%s', (_operationId, { policy, userNames, accepts }) => {
  it(`validation agrees with the documented rules on ${CASES} cases`, () => {
    fc.assert(
      fc.property(candidates(policy, userNames), ([password, userName]) => {
        const violations = validatePassword(policy, password, { userName });
        expect(violations.length === 0).toBe(accepts(password, userName));
      }),
      { numRuns: CASES, seed: 20261123 },
    );
  });

  it(`${CASES} generated passwords pass the policy and the documented rules`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: policy.minLength, max: policy.maxLength }),
        fc.constantFrom(...userNames),
        (length, userName) => {
          const { password } = generatePassword(policy, { length, userName });
          expect([...password].length).toBe(length);
          expect(validatePassword(policy, password, { userName })).toEqual([]);
          expect(accepts(password, userName)).toBe(true);
        },
      ),
      { numRuns: CASES, seed: 7 },
    );
  });
});

/** Sends every password to the emulator's endpoint for the policy; returns how many the emulator accepted. */
async function acceptedByEmulator(operationId: string, passwords: readonly string[]): Promise<number> {
  const taurus = taurusWithAkSk(emulator.current);
  const ob = oceanbaseClient(emulator.current);
  let accepted = 0;
  // Each create makes an account of its own: a fresh name per password.
  let created = 0;
  const fresh = (separator: string) => {
    created += 1;
    return `twin${separator}${String(created).padStart(5, '0')}`;
  };
  const send = async (password: string) => {
    switch (operationId) {
      case 'CreateStarRocksDatabaseUser':
        await taurus.createStarRocksDatabaseUser({
          instance_id: h.instances.starrocks.id,
          body: { user_name: fresh('_'), password, databases: ['app_db'] },
        });
        return 1;
      case 'CreateClickHouseDatabaseUser':
        await taurus.createClickHouseDatabaseUser({
          instance_id: h.instances.clickhouse.id,
          body: { user_name: fresh('_'), password, databases: ['app_db'] },
        });
        return 1;
      case 'CreateTenantUser':
        await ob.createTenantUser({
          instanceId: o.instanceId,
          tenantId: o.tenantId,
          body: { userName: fresh('-'), password, userType: 'Normal' },
        });
        return 1;
      case 'ResetGaussMySqlPassword':
        await taurus.resetGaussMySqlPassword({ instance_id: h.instances.taurusdb.id, body: { password } });
        return 1;
      case 'UpdateStarRocksDatabaseUserPassword':
        await taurus.updateStarRocksDatabaseUserPassword({
          instance_id: h.instances.starrocks.id,
          body: { user_name: h.starrocksUsers[0], password },
        });
        return 1;
      case 'UpdateClickHouseDatabaseUserPassword':
        await taurus.updateClickHouseDatabaseUserPassword({
          instance_id: h.instances.clickhouse.id,
          body: { user_name: h.clickhouseUsers[0], password },
        });
        return 1;
      case 'ModifyTenantUserPassword':
        await ob.modifyTenantUserPassword({
          instanceId: o.instanceId,
          tenantId: o.tenantId,
          userName: o.users[0],
          body: { userPassword: password },
        });
        return 1;
      default:
        throw new Error(operationId);
    }
  };
  if (operationId === 'ResetGaussMySqlDatabasePassword') {
    // One user per job: a (name, host) pair may appear only once per batch.
    const [user] = h.dbUsers;
    for (const password of passwords) {
      await taurus.resetGaussMySqlDatabasePassword({
        instance_id: h.instances.taurusdb.id,
        body: { users: [{ name: user!.name, host: user!.host, password }] },
      });
      accepted += 1;
    }
    return accepted;
  }
  if (operationId === 'CreateGaussMySqlDatabaseUser') {
    // Batches of 50, the most one job takes, each user a new name.
    for (let start = 0; start < passwords.length; start += 50) {
      const batch = passwords.slice(start, start + 50);
      await taurus.createGaussMySqlDatabaseUser({
        instance_id: h.instances.taurusdb.id,
        body: { users: batch.map((password) => ({ name: fresh('_'), password })) },
      });
      accepted += batch.length;
    }
    return accepted;
  }
  const queue = [...passwords];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let password = queue.pop(); password !== undefined; password = queue.pop()) {
        const count = await send(password);
        accepted += count;
      }
    }),
  );
  return accepted;
}

describe('generated passwords are accepted by the emulator', () => {
  it.each(Object.keys(restated))(
    `%s: ${CASES} of ${CASES}`,
    async (operationId) => {
      const { policy, userNames } = restated[operationId]!;
      const userName = userNames[0]!;
      const passwords = Array.from({ length: CASES }, () => generatePassword(policy, { userName }).password);
      expect(await acceptedByEmulator(operationId, passwords)).toBe(CASES);
    },
    180_000,
  );
});

describe('generated characters are uniform (chi-square, p > 0.001)', () => {
  /**
   * Expected frequency of each character: the generator is uniform over compliant passwords, so a
   * character's share at a position is (compliant strings with it there) / (compliant strings), counted
   * here by brute-force inclusion-exclusion over the class sizes.
   */
  function expectedShares(classSizes: number[], length: number, minClasses: number): number[] {
    const count = (fixedClass: number | undefined, free: number): number => {
      let total = 0;
      const n = classSizes.length;
      for (let used = 0; used < 1 << n; used++) {
        const withFixed = fixedClass === undefined ? used : used | (1 << fixedClass);
        if (fixedClass !== undefined && !(used & (1 << fixedClass))) continue;
        const present = [...Array(n).keys()].filter((index) => withFixed & (1 << index)).length;
        if (present < minClasses) continue;
        // Strings of `free` characters whose classes, with the fixed one, are exactly `used`.
        let exact = 0;
        for (let subset = used; ; subset = (subset - 1) & used) {
          const size = [...Array(n).keys()]
            .filter((index) => subset & (1 << index))
            .reduce((sum, index) => sum + classSizes[index]!, 0);
          const missing = [...Array(n).keys()].filter(
            (index) => used & (1 << index) && !(subset & (1 << index)),
          ).length;
          // With a fixed class, count strings whose classes plus the fixed one are exactly `used`.
          if (fixedClass === undefined || subset & (1 << fixedClass))
            exact += (missing % 2 === 0 ? 1 : -1) * size ** free;
          if (subset === 0) break;
        }
        total += exact;
      }
      return total;
    };
    const all = count(undefined, length);
    return classSizes.map((_, kind) => count(kind, length - 1) / all);
  }

  it.each(Object.keys(restated))('%s', (operationId) => {
    const { policy } = restated[operationId]!;
    const specials = policy.generate?.specials ?? policy.specials;
    const classes = ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', '0123456789', specials];
    const length = policy.minLength; // the shortest length, where rejection skews frequencies the most
    const samples = 20_000;
    const counts = new Map<string, number>();
    for (let index = 0; index < samples; index++) {
      for (const char of generatePassword(policy, { length }).password) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    const shares = expectedShares(
      classes.map((chars) => chars.length),
      length,
      policy.generate?.minClasses ?? policy.minClasses,
    );
    const observed: number[] = [];
    const expected: number[] = [];
    classes.forEach((chars, kind) => {
      for (const char of chars) {
        observed.push(counts.get(char) ?? 0);
        expected.push(samples * length * shares[kind]!);
      }
    });
    expect(observed.reduce((a, b) => a + b, 0)).toBe(samples * length);
    const { statistic, degreesOfFreedom, pValue } = chiSquare(observed, expected);
    expect(pValue, `chi-square ${statistic.toFixed(1)} on ${degreesOfFreedom} degrees of freedom`).toBeGreaterThan(
      0.001,
    );
  });
});
