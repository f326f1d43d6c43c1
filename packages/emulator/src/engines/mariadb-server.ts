import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createConnection, escape, type Connection } from 'mysql2/promise';
import { freePort, runToCompletion, startProcess, waitUntilReady, type EngineProcess } from './child-process.js';

/** An account as MariaDB knows it: `'name'@'host'`. */
export interface MysqlAccount {
  readonly name: string;
  readonly host: string;
  readonly password: string;
}

export interface MariaDbTls {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
}

export interface MariaDbServer {
  readonly engine: 'mariadb';
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly pid: number;
  /** Sets the passwords of accounts in one statement: all change or none does. */
  setPasswords(changes: ReadonlyArray<{ name: string; host: string; password: string }>): Promise<void>;
  stop(): Promise<void>;
}

const ADMIN_USER = 'dbpass_twin_admin';

/**
 * A private MariaDB server on a free 127.0.0.1 port, with its data under `dir`. The accounts exist with
 * their passwords from the start; the emulator changes them through an admin account of its own (random
 * password, 127.0.0.1 only). PROXY protocol headers are trusted from 127.0.0.1 so that a verifier can log
 * in as a host-restricted account (`user@'10.10.10.%'`) without any traffic to 10.x.
 */
export async function startMariaDb(options: { dir: string; programs: { mariadbd: string; installDb: string }; accounts: readonly MysqlAccount[]; tls?: MariaDbTls }): Promise<MariaDbServer> {
  const dir = options.dir;
  const dataDir = path.join(dir, 'data');
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const adminPassword = randomBytes(18).toString('base64url');
  const config = [
    '[mariadbd]',
    `datadir=${dataDir}`,
    `port=${port}`,
    `socket=${path.join(dir, 'mariadb.sock')}`,
    `pid-file=${path.join(dir, 'mariadb.pid')}`,
    'bind-address=127.0.0.1',
    'user=root',
    'skip-name-resolve',
    'performance_schema=OFF',
    'innodb_buffer_pool_size=16M',
    'innodb_log_file_size=16M',
    'max_connections=30',
    // Small caches: four servers in a test run stay near 55 MB each instead of ~100 MB.
    'key_buffer_size=1M',
    'aria_pagecache_buffer_size=1M',
    'innodb_log_buffer_size=1M',
    'query_cache_size=0',
    'table_open_cache=100',
    'table_definition_cache=200',
    'thread_cache_size=2',
    'proxy-protocol-networks=127.0.0.1/32',
    'log-error=' + path.join(dir, 'error.log'),
    ...(options.tls ? [`ssl_cert=${options.tls.certFile}`, `ssl_key=${options.tls.keyFile}`, `ssl_ca=${options.tls.caFile}`] : []),
    '',
  ].join('\n');
  const configFile = path.join(dir, 'my.cnf');
  await writeFile(configFile, config, { mode: 0o600 });
  await runToCompletion(options.programs.installDb, [`--defaults-file=${configFile}`, '--user=root', `--datadir=${dataDir}`, '--auth-root-authentication-method=socket', '--skip-test-db'], { cwd: dir });
  const initFile = path.join(dir, 'init.sql');
  const account = (name: string, host: string) => `${escape(name)}@${escape(host)}`;
  await writeFile(
    initFile,
    [
      `CREATE USER ${account(ADMIN_USER, '127.0.0.1')} IDENTIFIED BY ${escape(adminPassword)};`,
      `GRANT ALL ON *.* TO ${account(ADMIN_USER, '127.0.0.1')} WITH GRANT OPTION;`,
      ...options.accounts.map((user) => `CREATE USER ${account(user.name, user.host)} IDENTIFIED BY ${escape(user.password)};`),
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const server: EngineProcess = startProcess(options.programs.mariadbd, [`--defaults-file=${configFile}`, `--init-file=${initFile}`], { cwd: dir });
  const connect = () => createConnection({ host: '127.0.0.1', port, user: ADMIN_USER, password: adminPassword, connectTimeout: 2_000 });
  let admin: Connection | undefined;
  await waitUntilReady('mariadbd', server, async () => {
    admin = await connect();
    return true;
  });
  admin!.on('error', () => {
    admin = undefined;
  });
  let queue = Promise.resolve();
  return {
    engine: 'mariadb',
    host: '127.0.0.1',
    port,
    pid: server.pid,
    setPasswords(changes) {
      const run = queue.then(async () => {
        admin ??= await connect();
        const clauses = changes.map((change) => `${account(change.name, change.host)} IDENTIFIED BY ${escape(change.password)}`);
        await admin.query(`ALTER USER ${clauses.join(', ')}`);
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async stop() {
      await admin?.end().catch(() => undefined);
      await server.stop();
    },
  };
}
