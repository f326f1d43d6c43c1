// Cold import: a fresh node process imports one module; the time of the import() itself (node's own
// start-up is the same for both and left out). Runs interleaved, the first run of each discarded
// (file cache). Prints one JSON object on stdout.
import { execFileSync } from 'node:child_process';
import { benchDir, ensureOfficial, officialDir } from './official.mjs';

const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 25);
ensureOfficial();

const targets = {
  '@dbpass/client-taurusdb': { cwd: benchDir, specifier: '@dbpass/client-taurusdb' },
  '@huaweicloud/huaweicloud-sdk-core': { cwd: officialDir, specifier: '@huaweicloud/huaweicloud-sdk-core' },
  // What the official generated service clients load: ClientBuilder (with HcClient, axios, the signer).
  '@huaweicloud/huaweicloud-sdk-core/ClientBuilder': {
    cwd: officialDir,
    specifier: '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js',
  },
};

const once = ({ cwd, specifier }) => {
  const script = `const t0 = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t0));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8' }));
};

const times = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
for (let run = -1; run < RUNS; run++) {
  for (const [name, target] of Object.entries(targets)) {
    const ms = once(target);
    if (run >= 0) times[name].push(ms);
  }
}
const result = {};
for (const [name, values] of Object.entries(times)) {
  values.sort((a, b) => a - b);
  result[name] = { runs: values.length, minMs: values[0], medianMs: values[Math.floor((values.length - 1) / 2)] };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
