// The least time a fleet run can take under the plan's limits, whatever the scheduler does: the rows of the fleet
// section are wall times against these.

/**
 * Verified by API: every call a cloud must answer at its rate (one job per instance, created and then polled once
 * after it ends; one call per StarRocks, ClickHouse and OceanBase account), and no less than the last job's end
 * (the jobs' creations at the Huawei rate, then one job's duration).
 */
export function apiBoundMs({ size, rate, job }) {
  const jobs = size.taurusInstances;
  const huaweiCalls = jobs * 2 + size.starrocksUsers + size.clickhouseUsers;
  const terms = {
    huaweiCalls: (huaweiCalls / rate.huawei) * 1000,
    oceanbaseCalls: (size.oceanbaseUsers / rate.oceanbase) * 1000,
    lastJob: job.durationMs + (jobs / rate.huawei) * 1000,
  };
  return { ms: Math.max(...Object.values(terms)), terms };
}

/**
 * Verified by login: every account's new password must log in once after its set, and each address must be
 * reached once before anything is sent to it (a run with --init has no old password to try), with at most
 * `loginsPerAddress` logins at once per address. How fast logins go is measured on the twin in the same run:
 * `oneAddressMs` per login on one address at that cap, `machineMs` the best per login with more addresses at once
 * (the engines share this machine's CPUs), `clickhouseMs` on ClickHouse. On top of the API bound: the last job's
 * users log in after it ends, at their address's pace; every job's users log in after the first job ends, and all
 * logins at all, at the machine's; each address's at its own. ClickHouse shows a change only at its next re-read of
 * its users (every 2 s): not counted, the best case being a re-read right after the last set.
 */
export function loginBoundMs({ size, rate, job, oneAddressMs, machineMs, clickhouseMs, addresses }) {
  const api = apiBoundMs({ size, rate, job });
  const jobUsers = size.taurusInstances * size.usersPerInstance;
  const mysqlLogins = jobUsers + size.starrocksUsers + size.oceanbaseUsers + (addresses - 1);
  const terms = {
    ...api.terms,
    lastJob: api.terms.lastJob + size.usersPerInstance * oneAddressMs,
    jobLogins: job.durationMs + 1000 / rate.huawei + jobUsers * machineMs,
    allLogins: mysqlLogins * machineMs + (size.clickhouseUsers + 1) * Math.min(machineMs, clickhouseMs),
    starrocksLogins: (size.starrocksUsers + 1) * oneAddressMs,
    oceanbaseLogins: (size.oceanbaseUsers + 1) * oneAddressMs,
    clickhouseLogins: (size.clickhouseUsers + 1) * clickhouseMs,
  };
  return { ms: Math.max(...Object.values(terms)), terms };
}
