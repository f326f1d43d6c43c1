// An application as the downtime bench runs it: it reads CURRENT (user and password) from the store the way a real
// one does, once and then again every `rereadMs` (a mounted Secret reaches pods after a minute or two, a cached AWS
// secret after its TTL), and opens a new connection to the real engine every `connectEveryMs`, counting the logins
// the engine refused. Logins go through the drivers applications use (mysql2; ClickHouse's HTTP interface).
import { createConnection } from 'mysql2/promise';

/** Access denied, as MySQL/MariaDB (1045) and ClickHouse (516 AUTHENTICATION_FAILED, HTTP 401/403) answer it. */
const MYSQL_ACCESS_DENIED = 1045;

/** One login with `credentials` at `address`: 'ok', 'refused' or 'error' (anything but a refusal). */
export async function tryLogin(address, credentials) {
  if (address.protocol === 'clickhouse-http') {
    try {
      const answer = await fetch(`http://${address.host}:${address.port}/?query=SELECT%201`, {
        headers: { 'X-ClickHouse-User': credentials.username, 'X-ClickHouse-Key': credentials.password },
      });
      await answer.arrayBuffer();
      if (answer.ok) return 'ok';
      return answer.status === 401 || answer.status === 403 || answer.status === 516 ? 'refused' : 'error';
    } catch {
      return 'error';
    }
  }
  try {
    const connection = await createConnection({
      host: address.host,
      port: address.port,
      user: credentials.username,
      password: credentials.password,
      connectTimeout: 5_000,
    });
    await connection.end();
    return 'ok';
  } catch (error) {
    return error?.errno === MYSQL_ACCESS_DENIED ? 'refused' : 'error';
  }
}

/**
 * Starts the application; `stop()` ends it and returns what it saw. `readCurrent()` resolves to `{ username,
 * password }` (the store's CURRENT). Each tick waits for the login before it, so a slow login stretches the period
 * rather than piling connections up.
 */
export function startApplication({ address, readCurrent, rereadMs, connectEveryMs = 20 }) {
  const counts = { logins: 0, refused: 0, errors: 0, rereads: 0 };
  let credentials;
  let running = true;
  let wake;
  const nap = (ms) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const reread = async () => {
    credentials = await readCurrent();
    counts.rereads += 1;
  };
  const ready = reread();
  const rereading = (async () => {
    await ready;
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, rereadMs).unref?.());
      if (running) await reread();
    }
  })();
  const connecting = (async () => {
    await ready;
    while (running) {
      const outcome = await tryLogin(address, credentials);
      counts.logins += 1;
      if (outcome === 'refused') counts.refused += 1;
      if (outcome === 'error') counts.errors += 1;
      if (running) await nap(connectEveryMs);
    }
  })();
  return {
    ready,
    counts,
    async stop() {
      running = false;
      wake?.();
      await connecting;
      void rereading;
      return { ...counts };
    },
  };
}
