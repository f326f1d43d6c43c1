// Fleet: 1,000 accounts rotated by @dbpass/rotate (a run with --init on a new store) against the emulator, which
// runs in a process of its own as a cloud would, with a rate limit per cloud and a job duration; each row against
// the lower bound its limits imply (fleet-bounds.mjs). Twice: verified by API (the emulator in memory), and verified
// by login on the twin's real engines (a MariaDB server per TaurusDB instance, StarRocks and the OceanBase tenant, a
// ClickHouse server), with the login verifier users get. Then the CLI's cold start against `node -e 0`.
// Prints one JSON object on stdout.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seed } from '@dbpass/emulator';
import { expandTargets, FileStore, parsePlan, rotate } from '@dbpass/rotate';
import { createVerifyLoginChecker, LOGINS_PER_ADDRESS } from '@dbpass/rotate/verify';
import { startCloud } from './cloud.mjs';
import { apiBoundMs, loginBoundMs } from './fleet-bounds.mjs';
import { CONCURRENCY, fleetEnv, fleetPlanYaml, JOB, RATE, SIZE } from './fleet-plan.mjs';

const emulatorOptions = { fleet: SIZE, jobVisibleAfterMs: JOB.visibleAfterMs, jobDurationMs: JOB.durationMs };
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** A plan and a new file store in a temp folder, for `use`; the folder goes afterwards. */
async function withFleet(cloud, verifyFor, use) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dbpass-bench-fleet-'));
  try {
    const plan = parsePlan(fleetPlanYaml(cloud.url, verifyFor), 'bench plan', dir);
    const env = fleetEnv(randomBytes(32).toString('base64'));
    const store = await FileStore.open({ path: plan.store.file, key: { env: 'KEY' }, env });
    return await use({ plan, env, store });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One timed rotation of the whole fleet, and what the clouds were asked. */
async function timedRotation(cloud, { plan, env, store }, checker) {
  const started = performance.now();
  const summary = await rotate({ plan, store, env, init: true, ...(checker ? { checker } : {}) });
  const wallMs = performance.now() - started;
  const requests = { huawei: 0, oceanbase: 0 };
  for (const request of await cloud.requests())
    requests[request.path.startsWith('/api/') ? 'oceanbase' : 'huawei'] += 1;
  const failed = summary.results.filter((result) => result.outcome !== 'rotated');
  return {
    accounts: summary.results.length,
    counts: summary.counts,
    wallMs,
    requests,
    callsPerAccount: (requests.huawei + requests.oceanbase) / summary.results.length,
    ...(failed.length > 0 ? { firstFailure: `${failed[0].account}: ${failed[0].message}` } : {}),
  };
}

/**
 * How fast the twin proves passwords: the time per login with `loginsPerAddress` logins at once (alternately
 * refused and accepted) on one address, on two addresses together (the best of the two is the machine's rate: its
 * engines share its CPUs), and on ClickHouse. After a warm-up; the accounts still have their seeded password.
 */
async function loginRates(checker, refs, loginsPerAddress) {
  const atCap = async (targets) => {
    let count = 0;
    const started = performance.now();
    await Promise.all(
      targets.flatMap((ref) =>
        Array.from({ length: loginsPerAddress }, async () => {
          for (let index = 0; index < 40; index++) {
            await checker.tryLogin(ref, index % 2 ? seed.initialPassword : `dbpass-bench-${randomUUID()}`);
            count += 1;
          }
        }),
      ),
    );
    return (performance.now() - started) / count;
  };
  const byAddress = new Map();
  for (const ref of refs) byAddress.set(`${ref.login.host}:${ref.login.port}`, ref);
  const mysql = [...byAddress.values()].filter((ref) => ref.kind === 'taurusdb-db-user');
  const clickhouse = refs.find((ref) => ref.kind === 'clickhouse');
  await atCap([mysql[0], clickhouse]);
  const oneAddressMs = await atCap([mysql[0]]);
  const twoAddressesMs = await atCap(mysql.slice(0, 2));
  return {
    oneAddressMs,
    machineMs: Math.min(oneAddressMs, twoAddressesMs),
    clickhouseMs: await atCap([clickhouse]),
    addresses: byAddress.size,
  };
}

async function apiRow() {
  const cloud = await startCloud(emulatorOptions);
  try {
    const verify = () => 'verify: { by: api, reason: "the bench measures the scheduler, store and clients" }';
    const run = await withFleet(cloud, verify, (fleet) => timedRotation(cloud, fleet));
    return { ...run, lowerBound: apiBoundMs({ size: SIZE, rate: RATE, job: JOB }) };
  } finally {
    await cloud.stop();
  }
}

async function loginRow() {
  const cloud = await startCloud({ ...emulatorOptions, engines: 'real' });
  try {
    const verifyFor = (instanceKey) =>
      `verify: { by: login, address: "127.0.0.1:${cloud.engines.get(instanceKey).port}" }`;
    const checker = await createVerifyLoginChecker();
    return await withFleet(cloud, verifyFor, async (fleet) => {
      const refs = expandTargets(fleet.plan).map((account) => account.ref);
      const rates = await loginRates(checker, refs, LOGINS_PER_ADDRESS);
      const run = await timedRotation(cloud, fleet, checker);
      const lowerBound = loginBoundMs({ size: SIZE, rate: RATE, job: JOB, ...rates });
      return { ...run, loginsPerAddress: LOGINS_PER_ADDRESS, rates, lowerBound };
    });
  } finally {
    await cloud.stop();
  }
}

/** Medians of 21 cold starts each, the two commands alternating (the machine's speed drifts between runs). */
function coldStarts() {
  const cli = path.resolve(import.meta.dirname, '../../packages/cli/dist/dbpass.js');
  const commands = { cli: [cli, '--help'], node: ['-e', '0'] };
  const runs = { cli: [], node: [] };
  for (let round = 0; round < 21; round++) {
    for (const [name, args] of Object.entries(commands)) {
      const t0 = performance.now();
      execFileSync(process.execPath, args, { stdio: 'ignore' });
      runs[name].push(performance.now() - t0);
    }
  }
  return { cliColdStartMs: median(runs.cli), nodeColdStartMs: median(runs.node) };
}

const api = await apiRow();
const login = await loginRow();
console.log(
  JSON.stringify({
    size: SIZE,
    rate: RATE,
    job: JOB,
    concurrency: CONCURRENCY,
    api,
    login,
    ...coldStarts(),
  }),
);
