// `pnpm bench`: runs every section in its own process, prints one table of ratios (each against a
// baseline measured in the same run) and writes it, with the raw figures, to bench/results/latest.json.
// `--only=overhead,signing,import,footprint,bundle,build,fleet,downtime` runs a subset.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = import.meta.dirname;
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice(7)
  .split(',');
const sections = [
  ['footprint', 'footprint.mjs'], // first: it (re)installs the official core the other sections use
  ['overhead', 'overhead.mjs'],
  ['signing', 'signing.mjs'],
  ['import', 'cold-import.mjs'],
  ['bundle', 'bundle.mjs'],
  ['build', 'build-cache.mjs'],
  ['fleet', 'fleet.mjs'],
  ['downtime', 'downtime.mjs'],
].filter(([name]) => !only || only.includes(name));

const started = performance.now();
const results = {};
const timings = {};
for (const [name, file] of sections) {
  process.stderr.write(`bench: ${name}...`);
  const t0 = performance.now();
  const output = execFileSync(process.execPath, ['--expose-gc', path.join(here, file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  timings[name] = Math.round((performance.now() - t0) / 100) / 10;
  results[name] = JSON.parse(output.trim().split('\n').at(-1));
  process.stderr.write(` ${timings[name]} s\n`);
}

const us = (value) => `${value.toFixed(0)} µs`;
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const x = (ratio) => `${ratio.toFixed(2)}x`;
const medianOf = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const rows = [];
const notes = [];
const row = (section, measure, dbpass, baseline, ratio, goal, met) =>
  rows.push({
    section,
    measure,
    dbpass,
    baseline,
    ratio,
    goal: goal ?? '',
    status: met === undefined ? '' : met ? 'met' : 'MISSED',
  });

if (results.overhead) {
  const { clients, calls, concurrency } = results.overhead;
  const raw = clients['raw fetch'];
  for (const mode of ['sequential', 'concurrent']) {
    const label = mode === 'sequential' ? 'seq' : `c${concurrency}`;
    for (const [name, stats] of Object.entries(clients)) {
      if (name === 'raw fetch') continue;
      for (const q of ['median', 'p99']) {
        const ratio = stats[mode][`${q}Us`] / raw[mode][`${q}Us`];
        row(
          '1 per call',
          `${name} vs raw fetch, ${label} ${q}`,
          us(stats[mode][`${q}Us`]),
          us(raw[mode][`${q}Us`]),
          x(ratio),
        );
      }
    }
    // What signing adds to a call, dbpass's against the official core's: each one's time above raw fetch.
    const official = clients['official core, AK/SK'][mode];
    const signed = clients['dbpass, AK/SK'][mode];
    for (const q of ['median', 'p99']) {
      const ours = signed[`${q}Us`] - raw[mode][`${q}Us`];
      const theirs = official[`${q}Us`] - raw[mode][`${q}Us`];
      row(
        '1 per call',
        `AK/SK call's overhead above raw fetch: dbpass vs official core, ${label} ${q}`,
        us(ours),
        us(theirs),
        theirs > 0 ? x(ours / theirs) : 'n/a',
      );
    }
    // The goals, judged paired: each figure taken within one round (every client measured back to back), then
    // the median over rounds, so that the shared machine's drift from round to round cancels out.
    const rounds = raw[mode].roundMediansUs.length;
    const paired = (inRound) => medianOf(raw[mode].roundMediansUs.map((_, round) => inRound(round)));
    const at = (stats, round) => stats.roundMediansUs[round];
    const tokenRatio = paired((r) => at(clients['dbpass, IAM token'][mode], r) / at(raw[mode], r));
    row(
      '1 per call',
      `dbpass, IAM token vs raw fetch, ${label}, paired: median of ${rounds} rounds' ratios`,
      us(medianOf(clients['dbpass, IAM token'][mode].roundMediansUs)),
      us(medianOf(raw[mode].roundMediansUs)),
      x(tokenRatio),
      '<= 1.05x',
      tokenRatio <= 1.05,
    );
    // A ratio of two small differences swings wildly within a round: the ratio of the rounds' median differences.
    const oursPaired = paired((r) => at(signed, r) - at(raw[mode], r));
    const theirsPaired = paired((r) => at(official, r) - at(raw[mode], r));
    const overheadRatio = oursPaired / theirsPaired;
    row(
      '1 per call',
      `AK/SK call's overhead above raw fetch: dbpass vs official core, ${label}, paired: median of ${rounds} rounds' differences`,
      us(oursPaired),
      us(theirsPaired),
      theirsPaired > 0 ? x(overheadRatio) : 'n/a',
      '<= 0.33x',
      theirsPaired > 0 && overheadRatio <= 1 / 3,
    );
    // dbpass sends with node:http on Node, which costs less than fetch: what its pipeline adds on either transport.
    const onFetch = clients['dbpass, AK/SK on fetch'][mode];
    const onFetchPaired = paired((r) => at(onFetch, r) - at(raw[mode], r));
    row(
      '1 per call',
      `AK/SK call's overhead above raw fetch: dbpass on fetch (\`fetch\` option) vs official core, ${label}, paired`,
      us(onFetchPaired),
      us(theirsPaired),
      theirsPaired > 0 ? x(onFetchPaired / theirsPaired) : 'n/a',
    );
    const nodeHttp = clients['raw node:http'][mode];
    row(
      '1 per call',
      `dbpass, AK/SK vs raw node:http (its own transport, no auth), ${label}, paired: median of ${rounds} rounds' ratios`,
      us(medianOf(signed.roundMediansUs)),
      us(medianOf(nodeHttp.roundMediansUs)),
      x(paired((r) => at(signed, r) / at(nodeHttp, r))),
    );
  }
  row(
    '1 per call',
    `(N = ${calls} calls per client and mode after warm-up; c${concurrency}: time per call = batch / ${concurrency})`,
    '',
    '',
    '',
    undefined,
    undefined,
  );
}
if (results.signing) {
  const { dbpass, official } = results.signing;
  const ratio = dbpass.signaturesPerSecond / official.signaturesPerSecond;
  row(
    '2 signer',
    'signatures/s: dbpass signRequest vs official AKSKSigner.sign',
    `${dbpass.signaturesPerSecond}/s`,
    `${official.signaturesPerSecond}/s`,
    x(ratio),
    '>= 2x',
    ratio >= 2,
  );
}
if (results.import) {
  const dbpass = results.import['@dbpass/client-taurusdb'];
  for (const [name, label] of [
    ['@huaweicloud/huaweicloud-sdk-core', 'official core'],
    ['@huaweicloud/huaweicloud-sdk-core/ClientBuilder', 'official ClientBuilder'],
  ]) {
    const official = results.import[name];
    for (const q of ['min', 'median']) {
      const ratio = dbpass[`${q}Ms`] / official[`${q}Ms`];
      const isGoal = label === 'official core';
      row(
        '3 cold import',
        `@dbpass/client-taurusdb vs ${label}, ${q} of ${dbpass.runs}`,
        `${dbpass[`${q}Ms`].toFixed(1)} ms`,
        `${official[`${q}Ms`].toFixed(1)} ms`,
        x(ratio),
        isGoal ? '<= 0.33x' : undefined,
        isGoal ? ratio <= 1 / 3 : undefined,
      );
    }
  }
}
if (results.footprint) {
  const installs = results.footprint.installs;
  const official = Object.entries(installs).find(
    ([name]) => name.startsWith('@huaweicloud') && !name.includes('uuid'),
  )[1];
  for (const name of ['@dbpass/client-taurusdb', '@dbpass/client-oceanbase']) {
    const mine = installs[name];
    row(
      '4 install',
      `${name}: packages`,
      String(mine.packages),
      String(official.packages),
      x(mine.packages / official.packages),
      '<= 3 packages',
      mine.packages <= 3,
    );
    row(
      '4 install',
      `${name}: bytes installed`,
      mb(mine.bytes),
      mb(official.bytes),
      x(mine.bytes / official.bytes),
      '<= 1 MB',
      mine.bytes <= 1e6,
    );
  }
}
if (results.bundle) {
  const official = Object.entries(results.bundle).find(([name]) => name.startsWith('@huaweicloud'))[1];
  for (const name of [
    '@dbpass/client-taurusdb',
    '@dbpass/client-oceanbase',
    '@dbpass/client-taurusdb (Worker)',
    '@dbpass/client-oceanbase (Worker)',
  ]) {
    const mine = results.bundle[name];
    row(
      '5 bundle',
      `${name}: one-operation program, min+gz${name.endsWith('(Worker)') ? ' (no Node built-in)' : ''}`,
      kb(mine.gzipBytes),
      kb(official.gzipBytes),
      x(mine.gzipBytes / official.gzipBytes),
      '<= 10 KB',
      mine.gzipBytes <= 10 * 1024,
    );
  }
  const whole = results.bundle['@dbpass/client-taurusdb (whole client)'];
  row(
    '5 bundle',
    '@dbpass/client-taurusdb: the same call on the client with all 15 operations as methods, min+gz',
    kb(whole.gzipBytes),
    kb(official.gzipBytes),
    x(whole.gzipBytes / official.gzipBytes),
  );
}
if (results.build) {
  const { cold, warm, warmBuildOnly, afterSpecEdit, scope, scopeNote } = results.build;
  if (scope !== 'workspace')
    notes.push(`build cache scope: ${scope}, because the whole workspace failed to build at HEAD (${scopeNote})`);
  for (const [command, { seconds }] of [
    ['pnpm build', warmBuildOnly],
    ['pnpm generate && pnpm build', warm],
  ]) {
    row(
      '6 build',
      `warm no-op \`${command}\` (median of 3)`,
      `${seconds} s`,
      `${cold.seconds} s cold`,
      x(seconds / cold.seconds),
      '<= 2 s',
      seconds <= 2,
    );
  }
  row(
    '6 build',
    `after editing ${afterSpecEdit.editedSpec}: rebuilt ${afterSpecEdit.missed.join(', ')}`,
    `${afterSpecEdit.seconds} s`,
    `${cold.seconds} s cold`,
    x(afterSpecEdit.seconds / cold.seconds),
    undefined,
    undefined,
  );
}
if (results.fleet) {
  const largestTerms = (bound) =>
    Object.entries(bound.terms)
      .sort((a, b) => b[1] - a[1])
      .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`)
      .slice(0, 2)
      .join(', then ');
  const { api, login, rate, job, cliColdStartMs, nodeColdStartMs } = results.fleet;
  const limits = `${rate.huawei}+${rate.oceanbase} req/s, ${job.durationMs / 1000} s jobs`;
  const fleetRow = (run, how) => {
    const ratio = run.wallMs / run.lowerBound.ms;
    row(
      '7 fleet',
      `${run.accounts} accounts (${run.counts.rotated} rotated), ${limits}, ${how}: wall time vs lower bound`,
      `${(run.wallMs / 1000).toFixed(2)} s`,
      `${(run.lowerBound.ms / 1000).toFixed(2)} s`,
      x(ratio),
      '<= 1.1x',
      ratio <= 1.1 && run.counts.rotated === run.accounts,
    );
    if (run.firstFailure) notes.push(`fleet, ${how}: not every account rotated; the first: ${run.firstFailure}`);
  };
  const callsRow = (run, how) =>
    row(
      '7 fleet',
      `API calls per account, ${how} (${run.requests.huawei} Huawei, ${run.requests.oceanbase} OceanBase)`,
      run.callsPerAccount.toFixed(2),
      '',
      '',
      undefined,
      undefined,
    );
  fleetRow(api, 'verified by API');
  callsRow(api, 'verified by API');
  fleetRow(login, 'verified by login on real engines');
  const { rates } = login;
  notes.push(
    `fleet verified by login: at most ${login.loginsPerAddress} logins at once per address (${rates.addresses} addresses); the twin proves a password in ${rates.oneAddressMs.toFixed(2)} ms per login on one address at that cap, ${rates.machineMs.toFixed(2)} ms at its best over more addresses (its engines share ${os.cpus().length} CPUs), ${rates.clickhouseMs.toFixed(2)} ms on ClickHouse; the bounds' largest terms: ${largestTerms(login.lowerBound)} (by login), ${largestTerms(api.lowerBound)} (by API)`,
  );
  callsRow(login, 'verified by login');
  const cold = cliColdStartMs / nodeColdStartMs;
  row(
    '7 fleet',
    'CLI cold start (`dbpass --help`) vs `node -e 0`, medians of 21 alternating',
    `${cliColdStartMs.toFixed(0)} ms`,
    `${nodeColdStartMs.toFixed(0)} ms`,
    x(cold),
    '<= 1.5x',
    cold <= 1.5,
  );
}

if (results.downtime) {
  const { rotations, rereadMs, connectEveryMs, kinds } = results.downtime;
  for (const [kind, { single, alternating }] of Object.entries(kinds)) {
    const perRotation = (counts) => counts.refusedPerRotation.toFixed(1);
    row(
      '8 downtime',
      `${kind}: refused logins per rotation, alternating vs single (the app rereads every ${rereadMs / 1000} s, connects every ${connectEveryMs} ms; ${rotations} rotations)`,
      perRotation(alternating),
      perRotation(single),
      single.refused > 0 ? x(alternating.refused / single.refused) : 'n/a',
      'alternating 0',
      alternating.refused === 0 && alternating.failed === 0,
    );
    if (single.failed + alternating.failed > 0 || single.errors + alternating.errors > 0)
      notes.push(
        `downtime, ${kind}: ${single.failed + alternating.failed} rotations did not finish; ${single.errors + alternating.errors} logins failed for another reason than a refusal`,
      );
  }
}

const columns = ['section', 'measure', 'dbpass', 'baseline', 'ratio', 'goal', 'status'];
const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
const table = [
  line(columns),
  `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
  ...rows.map((r) => line(columns.map((c) => r[c]))),
].join('\n');
const totalSeconds = Math.round((performance.now() - started) / 1000);
console.log(table);
for (const note of notes) console.log(`\nnote: ${note}`);
console.log(
  `\nbaselines: raw fetch = hand-built fetch call; official = @huaweicloud/huaweicloud-sdk-core 3.1.211 from npm. ${os.cpus().length} CPUs, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, node ${process.version}, ${totalSeconds} s.`,
);

const resultsDir = path.resolve(here, '../results');
mkdirSync(resultsDir, { recursive: true });
const record = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  loadavg: os.loadavg(),
  seconds: totalSeconds,
  sectionSeconds: timings,
  table: rows,
  notes,
  results,
};
writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(record, null, 2)}\n`);
console.log(`written: ${path.relative(process.cwd(), path.join(resultsDir, 'latest.json'))}`);
