import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClickHouseAccess } from '../privileges/engine-grants.js';
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
  /** Writes a new user's file (password and access); it can log in after the next config poll. */
  createUser(name: string, password: string, access: ClickHouseAccess): Promise<void>;
  /** Rewrites the user's file with this access, its password unchanged. */
  setAccess(name: string, access: ClickHouseAccess): Promise<void>;
  stop(): Promise<void>;
}

export interface ClickHouseUser {
  readonly name: string;
  readonly password: string;
  /** Default: every database, `readonly` 0 (the `default` profile). */
  readonly access?: ClickHouseAccess;
}

const xmlText = (value: string) => value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const ADMIN_USER = 'dbpass_twin_admin';
// A database no one has: an empty `allow_databases` would allow every database.
const NO_DATABASE = 'dbpass_twin_no_database';

function profileOf(access: ClickHouseAccess | undefined): string {
  if (!access) return 'default';
  return access.readonly === 1 ? 'dbpass_readonly' : 'dbpass_read_settings';
}

function userFile(name: string, passwordHash: string, access: ClickHouseAccess | undefined): string {
  const databases = access?.databases;
  const allowed =
    databases === undefined || databases === 'all'
      ? ''
      : `<allow_databases>${(databases.length > 0 ? databases : [NO_DATABASE]).map((database) => `<database>${xmlText(database)}</database>`).join('')}</allow_databases>`;
  return `<yandex><users><${name}><password_sha256_hex>${passwordHash}</password_sha256_hex><networks><ip>::/0</ip></networks><profile>${profileOf(access)}</profile><quota>default</quota>${allowed}</${name}></users></yandex>\n`;
}

/**
 * A private ClickHouse server (the 18.16 Debian build has no SQL user management): each user is a file in
 * `users.d` with `password_sha256_hex`, its profile (the `readonly` level) and `allow_databases`, which the server
 * re-reads by itself, as the real HTAP service applies a change after a short delay. The emulator's own admin
 * (random password, 127.0.0.1 only) creates the databases.
 */
export async function startClickHouse(options: {
  dir: string;
  program: string;
  users: readonly ClickHouseUser[];
  databases?: readonly string[];
}): Promise<ClickHouseServer> {
  const dir = options.dir;
  const usersDir = path.join(dir, 'users.d');
  await mkdir(usersDir, { recursive: true });
  const [port, tcpPort] = [await freePort(), await freePort()];
  const adminPassword = randomBytes(18).toString('base64url');
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
    '<yandex><profiles><default/><dbpass_readonly><readonly>1</readonly></dbpass_readonly>' +
      '<dbpass_read_settings><readonly>2</readonly></dbpass_read_settings></profiles><quotas><default/></quotas>' +
      `<users><${ADMIN_USER}><password_sha256_hex>${sha256(adminPassword)}</password_sha256_hex>` +
      `<networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></${ADMIN_USER}></users></yandex>\n`,
    { mode: 0o600 },
  );
  // Each user's file as written last: its password hash and access, so that one changes without the other.
  const files = new Map<string, { passwordHash: string; access: ClickHouseAccess | undefined }>();
  // The server reloads a users.d file when its modification time (whole seconds) changes: two writes of one file in
  // the same second would leave the second unread, so each write moves the time at least a second on.
  const modified = new Map<string, number>();
  const write = async (name: string, passwordHash: string, access: ClickHouseAccess | undefined) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new Error(`ClickHouse user name not usable as an XML element: ${name}`);
    const target = path.join(usersDir, `${name}.xml`);
    // The temp file is outside users.d so the server never reads a half-written one.
    const temp = path.join(dir, `${name}.xml.tmp`);
    await writeFile(temp, userFile(name, passwordHash, access), { mode: 0o600 });
    await rename(temp, target);
    const seconds = Math.max(Math.floor(Date.now() / 1000), (modified.get(name) ?? 0) + 1);
    await utimes(target, seconds, seconds);
    modified.set(name, seconds);
    files.set(name, { passwordHash, access });
  };
  for (const user of options.users) await write(user.name, sha256(user.password), user.access);
  const server = startProcess(options.program, [`--config-file=${configFile}`], { cwd: dir });
  await waitUntilReady('clickhouse-server', server, async () => (await fetch(`http://127.0.0.1:${port}/ping`)).ok);
  for (const database of options.databases ?? []) {
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'X-ClickHouse-User': ADMIN_USER, 'X-ClickHouse-Key': adminPassword },
      body: `CREATE DATABASE IF NOT EXISTS \`${database.replaceAll('`', '\\`')}\``,
    });
    if (!response.ok) {
      await server.stop();
      throw new Error(`ClickHouse did not create database ${database}: ${(await response.text()).slice(0, 200)}`);
    }
  }
  let queue = Promise.resolve();
  const serial = (change: () => Promise<void>) => {
    const run = queue.then(change);
    queue = run.catch(() => undefined);
    return run;
  };
  const existing = (name: string) => {
    const file = files.get(name);
    if (!file) throw new Error(`no ClickHouse user ${name}`);
    return file;
  };
  return {
    engine: 'clickhouse',
    host: '127.0.0.1',
    port,
    tcpPort,
    pid: server.pid,
    setPassword: (name, password) => serial(() => write(name, sha256(password), existing(name).access)),
    createUser: (name, password, access) =>
      serial(() => {
        if (files.has(name)) throw new Error(`ClickHouse user ${name} exists`);
        return write(name, sha256(password), access);
      }),
    setAccess: (name, access) => serial(() => write(name, existing(name).passwordHash, access)),
    stop: () => server.stop(),
  };
}
