// Per-call overhead: the same call through five clients against one loopback server, sequential and at
// concurrency 16, interleaved in rounds so that drift on a shared machine hits every client alike.
// Prints one JSON object on stdout.
import { measure } from 'mitata';
import { makeClients } from './clients.mjs';
import { ensureOfficial } from './official.mjs';
import { startServer } from './server.mjs';

const CALLS = Number(process.env.BENCH_CALLS ?? 6000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const CONCURRENCY = 16;
const WARMUP = 1000;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

ensureOfficial();
const { baseUrl, stop } = await startServer();
try {
  const clients = makeClients(baseUrl);
  const names = Object.keys(clients);
  // Every client must get the success body before anything is timed.
  for (const name of names) {
    const result = await clients[name]();
    if (result?.result !== 'SUCCESS') throw new Error(`${name}: unexpected answer ${JSON.stringify(result)}`);
  }
  for (const name of names) {
    for (let i = 0; i < WARMUP; i++) await clients[name]();
    for (let i = 0; i < WARMUP / CONCURRENCY; i++)
      await Promise.all(Array.from({ length: CONCURRENCY }, () => clients[name]()));
  }

  const samples = Object.fromEntries(names.map((name) => [name, { sequential: [], concurrent: [] }]));
  // Each round's median per client, so that a ratio can be taken within a round (paired), where drift on the
  // shared machine between rounds cancels out.
  const roundMedians = Object.fromEntries(names.map((name) => [name, { sequential: [], concurrent: [] }]));
  const perRound = Math.ceil(CALLS / ROUNDS);
  const batchesPerRound = Math.ceil(perRound / CONCURRENCY);
  const options = { min_cpu_time: 0, batch_threshold: 0, warmup_samples: 0, warmup_threshold: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const fn = clients[name];
      const sequential = await measure(fn, { ...options, min_samples: perRound, max_samples: perRound });
      samples[name].sequential.push(...sequential.samples);
      roundMedians[name].sequential.push(median(sequential.samples) / 1000);
      const concurrent = await measure(fn, {
        ...options,
        concurrency: CONCURRENCY,
        min_samples: batchesPerRound,
        max_samples: batchesPerRound,
      });
      // One sample is a batch of 16 concurrent calls: per call, the batch's time / 16.
      samples[name].concurrent.push(...concurrent.samples.map((ns) => ns / CONCURRENCY));
      roundMedians[name].concurrent.push(median(concurrent.samples) / CONCURRENCY / 1000);
    }
  }

  const stats = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] / 1000;
    return { n: sorted.length, medianUs: at(0.5), p99Us: at(0.99), minUs: at(0) };
  };
  const result = {};
  for (const name of names) {
    result[name] = {
      sequential: { ...stats(samples[name].sequential), roundMediansUs: roundMedians[name].sequential },
      concurrent: {
        ...stats(samples[name].concurrent),
        roundMediansUs: roundMedians[name].concurrent,
        calls: samples[name].concurrent.length * CONCURRENCY,
      },
    };
  }
  process.stdout.write(
    `${JSON.stringify({ calls: CALLS, rounds: ROUNDS, concurrency: CONCURRENCY, clients: result })}\n`,
  );
} finally {
  stop();
}
