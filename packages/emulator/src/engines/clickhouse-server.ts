import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, startProcess, waitUntilReady } from './child-process.js';

export interface ClickHouseServer {
  readonly engine: 'clickhouse';
  readonly host: '127.0.0.1';
  /** The HTTP interface's port. */
  readonly port: number;
  readonly tcpPort: number;
  readonly pid: number;
  /** Rewrites the user's file in `users.d` atomically; the server picks it up on its next config poll (~2 s). */
  setPassword(name: string, password: string): Promise<void>;
  stop(): Promise<void>;
}

const xmlText = (value: string) => value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function userFile(name: string, password: string): string {
  const hash = createHash('sha256').update(password).digest('hex');
  return `<yandex><users><${name}><password_sha256_hex>${hash}</password_sha256_hex><networks><ip>::/0</ip></networks><profile>default</profile><quota>default</quota></${name}></users></yandex>\n`;
}

/**
 * A private ClickHouse server (the 18.16 Debian build has no SQL user management): each user is a file in
 * `users.d` with `password_sha256_hex`, which the server re-reads by itself, as the real HTAP service applies
 * a change after a short delay.
 */
export async function startClickHouse(options: {
  dir: string;
  program: string;
  users: ReadonlyArray<{ name: string; password: string }>;
}): Promise<ClickHouseServer> {
  const dir = options.dir;
  const usersDir = path.join(dir, 'users.d');
  await mkdir(usersDir, { recursive: true });
  const [port, tcpPort] = [await freePort(), await freePort()];
  const configFile = path.join(dir, 'config.xml');
  await writeFile(
    configFile,
    `<yandex>
  <logger><level>warning</level><console>1</console></logger>
  <http_port>${port}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${xmlText(path.join(dir, 'data'))}/</path>
  <tmp_path>${xmlText(path.join(dir, 'tmp'))}/</tmp_path>
  <users_config>${xmlText(path.join(dir, 'users.xml'))}</users_config>
  <mark_cache_size>5368709</mark_cache_size>
</yandex>
`,
  );
  await writeFile(
    path.join(dir, 'users.xml'),
    '<yandex><profiles><default/></profiles><quotas><default/></quotas><users></users></yandex>\n',
  );
  const write = async (name: string, password: string) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new Error(`ClickHouse user name not usable as an XML element: ${name}`);
    const target = path.join(usersDir, `${name}.xml`);
    // The temp file is outside users.d so the server never reads a half-written one.
    const temp = path.join(dir, `${name}.xml.tmp`);
    await writeFile(temp, userFile(name, password), { mode: 0o600 });
    await rename(temp, target);
  };
  for (const user of options.users) await write(user.name, user.password);
  const server = startProcess(options.program, [`--config-file=${configFile}`], { cwd: dir });
  await waitUntilReady('clickhouse-server', server, async () => (await fetch(`http://127.0.0.1:${port}/ping`)).ok);
  let queue = Promise.resolve();
  return {
    engine: 'clickhouse',
    host: '127.0.0.1',
    port,
    tcpPort,
    pid: server.pid,
    setPassword(name, password) {
      const run = queue.then(() => write(name, password));
      queue = run.catch(() => undefined);
      return run;
    },
    stop: () => server.stop(),
  };
}
