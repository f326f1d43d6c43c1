import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator } from '@dbpass/emulator';
import type { AccountRef } from '@dbpass/rotate';
import { emulatorAccount } from '../../rotate/test/stand-in-login-checker.js';

/**
 * TEST STAND-IN for a database login, on loopback: answers `stand-in-login-checker.mjs` (running inside the CLI
 * child) from the emulator's in-memory state, since the emulator lives in the test process.
 */
export async function startStandInLoginServer(emulator: Emulator): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      try {
        const { account, password } = JSON.parse(body) as { account: AccountRef; password: string };
        const outcome = emulator.state.checkPassword(emulatorAccount(account), password) ? 'accepted' : 'refused';
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ outcome }));
      } catch (error) {
        response.writeHead(500).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/login`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
