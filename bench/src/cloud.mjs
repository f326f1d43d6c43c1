// Starts the emulator in its own process (cloud-process.mjs) and speaks to it over IPC.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const script = path.join(import.meta.dirname, 'cloud-process.mjs');

/** @returns {Promise<{ url: string, engines: Map<string, { host: string, port: number }>, requests(): Promise<Array<{ operationId?: string, path: string, status: number, at: number }>>, stop(): Promise<void> }>} */
export async function startCloud(options) {
  const child = fork(script, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = once(child, 'exit');
  const [ready] = await Promise.race([
    once(child, 'message'),
    exited.then(([code]) => {
      throw new Error(`the emulator process exited with ${code} before it was ready`);
    }),
  ]);
  return {
    url: ready.url,
    engines: new Map(ready.engines),
    async requests() {
      child.send('requests');
      const [{ requests }] = await once(child, 'message');
      return requests;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.send('stop');
      await exited;
    },
  };
}
