import { createHash, randomBytes } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Connection, createConnection, escape as escapeSql } from 'mysql2/promise';
import type { MysqlGrant } from '../privileges/engine-grants.js';
import { freePort, runToCompletion, startProcess, waitUntilReady } from './child-process.js';
import { privateCacheDir } from './private-cache.js';
import { type SocketPath, socketPath } from './socket-path.js';

/** An account as MariaDB knows it: `'name'@'host'`, and what it is granted (nothing when absent). */
export interface MysqlAccount {
  readonly name: string;
  readonly host: string;
  readonly password: string;
  readonly grants?: readonly MysqlGrant[];
}

export interface MariaDbTls {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
}

export interface MariaDbPrograms {
  readonly mariadbd: string;
  readonly installDb: string;
}

export interface MariaDbServer {
  readonly engine: 'mariadb';
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly pid: number;
  /** Sets the passwords of accounts in one statement: all change or none does. */
  setPasswords(changes: ReadonlyArray<{ name: string; host: string; password: string }>): Promise<void>;
  /** Creates accounts with their passwords and grants. */
  createAccounts(accounts: readonly MysqlAccount[]): Promise<void>;
  /** Replaces what each account is granted with exactly these grants. */
  setGrants(changes: ReadonlyArray<{ name: string; host: string; grants: readonly MysqlGrant[] }>): Promise<void>;
  stop(): Promise<void>;
}

const ADMIN_USER = 'dbpass_twin_admin';
const ATTEMPTS = 3;

// Settings shared by the bootstrap and every server started from its data folder.
const SERVER_SETTINGS = [
  'user=root',
  'skip-name-resolve',
  'performance_schema=OFF',
  'innodb_buffer_pool_size=16M',
  'innodb_log_file_size=16M',
  // A fleet's verifier logs in to many accounts of one instance at once.
  'max_connections=100',
  // Small caches: a server stays near 55 MB instead of ~100 MB.
  'key_buffer_size=1M',
  'aria_pagecache_buffer_size=1M',
  'innodb_log_buffer_size=1M',
  'query_cache_size=0',
  'table_open_cache=100',
  'table_definition_cache=200',
  'thread_cache_size=2',
];

const account = (name: string, host: string) => `${escapeSql(name)}@${escapeSql(host)}`;
const identifier = (name: string) => `\`${name.replaceAll('`', '``')}\``;

/** `GRANT ... ON db.* TO account`: the privileges come from the emulator's fixed lists, the names are quoted. */
function grantStatement(name: string, host: string, grant: MysqlGrant): string {
  const on = grant.database === '*' ? '*.*' : `${identifier(grant.database)}.*`;
  return `GRANT ${grant.privileges.join(', ')} ON ${on} TO ${account(name, host)}${grant.withGrant ? ' WITH GRANT OPTION' : ''}`;
}

function createStatements(accounts: readonly MysqlAccount[]): string[] {
  return accounts.flatMap((user) => [
    `CREATE USER ${account(user.name, user.host)} IDENTIFIED BY ${escapeSql(user.password)}`,
    ...(user.grants ?? []).map((grant) => grantStatement(user.name, user.host, grant)),
  ]);
}

async function withErrorLog(error: unknown, errorLog: string): Promise<never> {
  const log = await readFile(errorLog, 'utf8').catch(() => '');
  const errors = log
    .split('\n')
    .filter((line) => line.includes('[ERROR]'))
    .slice(-3);
  throw new Error(`${(error as Error).message}${errors.length ? ` | ${errors.join(' | ')}` : ''}`);
}

/** Retries a start: MariaDB 10.11's bootstrap has been seen to crash (signal 11) now and then when several run at once. */
async function withRetries<T>(attempt: (index: number) => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (let index = 0; index < ATTEMPTS; index += 1) {
    try {
      return await attempt(index);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

const templates = new Map<string, Promise<string>>();

/**
 * Where the template for `key` lives: in this user's private cache folder, so that a machine makes it once; without
 * one (another user took its name), in a folder of this process's own, removed when it exits. Never at a name in the
 * shared temp folder that another local user could have filled first with a data folder of their own.
 */
async function templateLocation(key: string): Promise<string> {
  const cache = await privateCacheDir();
  if (cache) return path.join(cache, `mariadb-template-${key}`);
  const own = await mkdtemp(path.join(tmpdir(), 'dbpass-mariadb-template-'));
  process.once('exit', () => rmSync(own, { recursive: true, force: true }));
  return path.join(own, 'data');
}

/**
 * A freshly installed data folder, copied for each server (0.5 s saved per server), keyed by the MariaDB build and
 * the settings: built in a folder of its own beside where it goes, then renamed into place, so a reader never sees
 * half of one.
 */
export function dataTemplate(programs: MariaDbPrograms): Promise<string> {
  const build = statSync(programs.mariadbd);
  const key = createHash('sha256')
    .update(JSON.stringify([programs, build.size, build.mtimeMs, SERVER_SETTINGS]))
    .digest('hex')
    .slice(0, 16);
  let template = templates.get(key);
  if (!template) {
    template = templateLocation(key).then((cached) =>
      existsSync(cached) ? cached : withRetries(() => bootstrap(programs, cached)),
    );
    templates.set(key, template);
    template.catch(() => templates.delete(key));
  }
  return template;
}

async function bootstrap(programs: MariaDbPrograms, cached: string): Promise<string> {
  const dir = await mkdtemp(path.join(path.dirname(cached), 'bootstrap-'));
  try {
    const dataDir = path.join(dir, 'data');
    const configFile = path.join(dir, 'my.cnf');
    const errorLog = path.join(dir, 'error.log');
    await writeFile(
      configFile,
      ['[mariadbd]', `datadir=${dataDir}`, `log-error=${errorLog}`, ...SERVER_SETTINGS, ''].join('\n'),
    );
    await runToCompletion(
      programs.installDb,
      [
        `--defaults-file=${configFile}`,
        '--user=root',
        `--datadir=${dataDir}`,
        '--auth-root-authentication-method=socket',
        '--skip-test-db',
      ],
      { cwd: dir },
    ).catch((error: unknown) => withErrorLog(error, errorLog));
    await rename(dataDir, cached).catch((error: NodeJS.ErrnoException) => {
      // Another process made it first: use theirs.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
    return cached;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A private MariaDB server on a free 127.0.0.1 port, with its data under `dir`. The accounts exist with
 * their passwords from the start; the emulator changes them through an admin account of its own (random
 * password, 127.0.0.1 only). PROXY protocol headers are trusted from 127.0.0.1 so that a verifier can log
 * in as a host-restricted account (`user@'10.10.10.%'`) without any traffic to 10.x.
 */
export async function startMariaDb(options: MariaDbOptions): Promise<MariaDbServer> {
  const template = await dataTemplate(options.programs);
  return withRetries(async (index) => {
    const dir = path.join(options.dir, `run-${index}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await cp(template, path.join(dir, 'data'), { recursive: true });
    // mariadbd refuses a socket path over 107 bytes, which a long TMPDIR (as on macOS runners) makes it.
    const socket = await socketPath(dir, 'mariadb.sock');
    return startInFolder(dir, socket, options).catch(async (error: unknown) => {
      await socket.release();
      throw error;
    });
  });
}

interface MariaDbOptions {
  readonly dir: string;
  readonly programs: MariaDbPrograms;
  readonly accounts: readonly MysqlAccount[];
  /** Databases that exist from the start (the accounts' grants may name them). */
  readonly databases?: readonly string[];
  readonly tls?: MariaDbTls;
}

/** One attempt: mariadbd on a free port from the data folder in `dir`, its socket at `socket`. */
async function startInFolder(dir: string, socket: SocketPath, options: MariaDbOptions): Promise<MariaDbServer> {
  const port = await freePort();
  const dataDir = path.join(dir, 'data');
  const adminPassword = randomBytes(18).toString('base64url');
  const errorLog = path.join(dir, 'error.log');
  const configFile = path.join(dir, 'my.cnf');
  await writeFile(
    configFile,
    [
      '[mariadbd]',
      `datadir=${dataDir}`,
      `port=${port}`,
      `socket=${socket.path}`,
      `pid-file=${path.join(dir, 'mariadb.pid')}`,
      `log-error=${errorLog}`,
      'bind-address=127.0.0.1',
      'proxy-protocol-networks=127.0.0.1/32',
      ...SERVER_SETTINGS,
      ...(options.tls
        ? [`ssl_cert=${options.tls.certFile}`, `ssl_key=${options.tls.keyFile}`, `ssl_ca=${options.tls.caFile}`]
        : []),
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const initFile = path.join(dir, 'init.sql');
  await writeFile(
    initFile,
    [
      `CREATE USER ${account(ADMIN_USER, '127.0.0.1')} IDENTIFIED BY ${escapeSql(adminPassword)};`,
      `GRANT ALL ON *.* TO ${account(ADMIN_USER, '127.0.0.1')} WITH GRANT OPTION;`,
      ...(options.databases ?? []).map((name) => `CREATE DATABASE ${identifier(name)};`),
      ...createStatements(options.accounts).map((statement) => `${statement};`),
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const server = startProcess(options.programs.mariadbd, [`--defaults-file=${configFile}`, `--init-file=${initFile}`], {
    cwd: dir,
  });
  const connect = () =>
    createConnection({ host: '127.0.0.1', port, user: ADMIN_USER, password: adminPassword, connectTimeout: 2_000 });
  let admin: Connection | undefined;
  await waitUntilReady('mariadbd', server, async () => {
    admin = await connect();
    return true;
  }).catch((error: unknown) => withErrorLog(error, errorLog));
  const forget = () => {
    admin = undefined;
  };
  admin!.on('error', forget);
  let queue = Promise.resolve();
  /** Runs statements one after another on the admin connection, behind every earlier change. */
  const run = (statements: () => string[]) => {
    const ran = queue.then(async () => {
      if (!admin) {
        admin = await connect();
        admin.on('error', forget);
      }
      for (const statement of statements()) {
        // mysql2's error carries the statement, which may hold a password: only MariaDB's code goes on.
        await admin.query(statement).catch((error: { code?: string }) => {
          throw new Error(`MariaDB refused the change (${error.code ?? 'no error code'})`);
        });
      }
    });
    queue = ran.catch(() => undefined);
    return ran;
  };
  return {
    engine: 'mariadb',
    host: '127.0.0.1',
    port,
    pid: server.pid,
    setPasswords: (changes) =>
      run(() => [
        `ALTER USER ${changes.map((change) => `${account(change.name, change.host)} IDENTIFIED BY ${escapeSql(change.password)}`).join(', ')}`,
      ]),
    createAccounts: (accounts) => run(() => createStatements(accounts)),
    setGrants: (changes) =>
      run(() =>
        changes.flatMap((change) => [
          `REVOKE ALL PRIVILEGES, GRANT OPTION FROM ${account(change.name, change.host)}`,
          ...change.grants.map((grant) => grantStatement(change.name, change.host, grant)),
        ]),
      ),
    async stop() {
      await admin?.end().catch(() => undefined);
      await server.stop();
      await socket.release();
    },
  };
}
