// Node, Deno and Bun: the configuration as the first argument, the result as one JSON line.
import { threeCalls } from './calls.mjs';

const args = globalThis.Deno?.args ?? globalThis.process.argv.slice(2);
console.log(JSON.stringify(await threeCalls(JSON.parse(args[0]))));
