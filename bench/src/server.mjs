// A minimal loopback server (not the emulator, so that it costs little) in its own process, so that the
// client under test has a core of its own. Answers the documented success body to a well-formed
// StarRocks password change; anything else gets 400/401, so a client that sends the wrong request fails
// the benchmark instead of being measured.

import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { PATH, RESPONSE } from './fixtures.mjs';

const headers = { 'content-type': 'application/json', 'x-request-id': 'bench-0000' };

function serve() {
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      let status = 200;
      if (request.method !== 'PUT' || request.url !== PATH || !body.includes('"password"')) status = 400;
      else if (
        !request.headers['x-auth-token'] &&
        !request.headers.authorization?.startsWith('SDK-HMAC-SHA256 Access=')
      )
        status = 401;
      response.writeHead(status, headers);
      response.end(status === 200 ? RESPONSE : '{"error_code":"BENCH.400","error_msg":"unexpected request"}');
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
  process.on('disconnect', () => process.exit(0));
}

/** Starts the server in a child process; resolves to its base URL and a stop function. */
export function startServer() {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', ({ port }) =>
      resolve({ baseUrl: `http://127.0.0.1:${port}`, stop: () => child.disconnect() }),
    );
  });
}

if (process.argv[2] === '--serve') serve();
