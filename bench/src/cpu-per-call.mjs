// The client process's CPU per call (user + system, all its threads, from process.cpuUsage) for each client
// of the overhead section, sequentially and at concurrency 16: what a call costs the machine, apart from the
// waits that wall time includes. Not part of `pnpm bench`: node bench/src/cpu-per-call.mjs [calls] [rounds]
import { makeClients } from './clients.mjs';
import { ensureOfficial } from './official.mjs';
import { startServer } from './server.mjs';

const [CALLS = 4000, ROUNDS = 6] = process.argv.slice(2).map(Number);
const CONCURRENCY = 16;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const cpuPerCall = async (run, calls) => {
  const start = process.cpuUsage();
  await run();
  const { user, system } = process.cpuUsage(start);
  return (user + system) / calls;
};

ensureOfficial();
const { baseUrl, stop } = await startServer();
try {
  const clients = makeClients(baseUrl);
  const names = Object.keys(clients);
  for (const name of names) for (let i = 0; i < 1000; i++) await clients[name]();
  const cpu = Object.fromEntries(names.map((name) => [name, { sequential: [], concurrent: [] }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names.map((_, i) => names[(i + round) % names.length])) {
      const call = clients[name];
      cpu[name].sequential.push(
        await cpuPerCall(async () => {
          for (let i = 0; i < CALLS; i++) await call();
        }, CALLS),
      );
      cpu[name].concurrent.push(
        await cpuPerCall(async () => {
          for (let i = 0; i < CALLS / CONCURRENCY; i++) await Promise.all(Array.from({ length: CONCURRENCY }, call));
        }, CALLS),
      );
    }
  }
  console.log(
    `CPU per call, median of ${ROUNDS} rounds of ${CALLS} calls (µs): sequential | concurrency ${CONCURRENCY}`,
  );
  for (const name of names)
    console.log(
      `  ${name.padEnd(24)} ${median(cpu[name].sequential).toFixed(0).padStart(5)} | ${median(cpu[name].concurrent).toFixed(0).padStart(5)}`,
    );
} finally {
  stop();
}
