// The emulated clouds in a process of their own, as a real cloud is not on the rotating program's event loop: the
// fleet section forks this file with the emulator's options as JSON in argv[2] and talks to it over IPC.
// Sends { ready, url, engines } once listening; answers 'requests' with what it recorded, and stops (engines
// included) on 'stop' or when the bench goes away.
import { startEmulator } from '@dbpass/emulator';

const emulator = await startEmulator(JSON.parse(process.argv[2] ?? '{}'));
let stopping;
const shutdown = () => {
  stopping ??= emulator.stop().finally(() => process.exit(0));
  return stopping;
};
process.on('message', (message) => {
  if (message === 'requests')
    process.send({
      requests: emulator.requests.map(({ operationId, path, status, at }) => ({ operationId, path, status, at })),
    });
  else if (message === 'stop') void shutdown();
});
process.on('disconnect', () => void shutdown());
process.send({ ready: true, url: emulator.url, engines: [...emulator.engines.addresses] });
