import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { startEmbeddedServices } from './embedded/embedded-services.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigError, dataDirFor, parseEnv } from './config/env.js';
import { applyMigrations, defaultMigrationsDir } from './database/migrator.js';
import { configureHttpApp } from './http-app.js';

export interface Infrastructure {
  config: AppConfig;
  /** Stops whatever was started here (the embedded PostgreSQL and Redis); a no-op otherwise. */
  stop(): Promise<void>;
}

/** What a process without DATABASE_URL / REDIS_URL does. */
export interface InfrastructureOptions {
  /** Start PostgreSQL and Redis in DATA_DIR (the demo, the command line, the tests). Otherwise
   *  only EMBEDDED_SERVICES=1 allows it: a service must not start a database of its own unasked. */
  embeddedDefault?: boolean;
}

/** The error of a process that may not start the embedded default, naming what is missing. */
export function missingServices(missing: string[]): string {
  const what = missing.length > 1 ? `${missing.join(' and ')} are not set: set them` : `${missing[0]} is not set: set it`;
  return `${what}, or EMBEDDED_SERVICES=1 to start PostgreSQL and Redis in DATA_DIR (for trying the service out)`;
}

/**
 * The database and Redis a process runs on: those named by DATABASE_URL / REDIS_URL, or, when
 * either is unset and the caller or EMBEDDED_SERVICES=1 allows it, PostgreSQL and Redis started
 * here in DATA_DIR (the embedded default). Either way the database is migrated before anything
 * uses it.
 */
export async function resolveInfrastructure(
  overrides: Partial<AppConfig> = {},
  log: (msg: string) => void = () => undefined,
  options: InfrastructureOptions = {},
): Promise<Infrastructure> {
  const env = { ...parseEnv(), ...overrides };
  let stop = (): Promise<void> => Promise.resolve();
  let { DATABASE_URL, REDIS_URL } = env;
  if (!DATABASE_URL || !REDIS_URL) {
    if (!options.embeddedDefault && !env.EMBEDDED_SERVICES) {
      throw new ConfigError(missingServices([...(DATABASE_URL ? [] : ['DATABASE_URL']), ...(REDIS_URL ? [] : ['REDIS_URL'])]));
    }
    const embedded = await startEmbeddedServices({ dataDir: dataDirFor(env, 'embedded'), persistent: true, log });
    DATABASE_URL ??= embedded.databaseUrl;
    REDIS_URL ??= embedded.redisUrl;
    stop = () => embedded.stop();
    log(`embedded PostgreSQL and Redis started in ${dataDirFor(env, 'embedded')}`);
  }
  try {
    await applyMigrations(DATABASE_URL, defaultMigrationsDir(), log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { config: { ...env, DATABASE_URL, REDIS_URL }, stop };
}

/** Starts the application in its role; `api` and `all` listen on HOST:PORT. */
export async function startApplication(config: AppConfig): Promise<INestApplicationContext> {
  const module = AppModule.forRoot(config);
  if (config.ROLE === 'worker') {
    // Buffered start-up lines are flushed to the structured logger here; a context that never
    // attaches it would keep every later line in memory and print none.
    const worker = await NestFactory.createApplicationContext(module, { bufferLogs: true });
    worker.useLogger(worker.get(Logger));
    return worker;
  }
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false });
  configureHttpApp(app, config);
  await app.listen(config.PORT, config.HOST);
  return app;
}

/** Resolves true when `work` settles within `ms`, false when the time runs out first. */
async function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      timeUp,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * On the first SIGINT or SIGTERM, closes the app (finishing active jobs, sealing, closing queues
 * and the database), then the embedded services. Closing needs PostgreSQL and Redis; if they went
 * away it would wait for them forever, so it is given SHUTDOWN_TIMEOUT_MS, and a second signal
 * leaves at once. Either way the embedded services this process started are stopped.
 */
export function closeOnSignal(app: INestApplicationContext, infra: Infrastructure, before?: () => void): void {
  const limit = infra.config.SHUTDOWN_TIMEOUT_MS;
  const say = (line: string) => process.stderr.write(`${line}\n`);
  let closing = false;
  const leave = async (code: number) => {
    if (!(await within(limit, infra.stop()))) say('the embedded PostgreSQL and Redis did not stop in time');
    process.exit(code);
  };
  const close = async (signal: string) => {
    if (closing) {
      say(`${signal} again: leaving without finishing`);
      return leave(130);
    }
    closing = true;
    before?.();
    say(`\n${signal}: finishing active work and shutting down (${signal} again to leave at once)...`);
    if (await within(limit, app.close())) return leave(0);
    say(`shutdown did not finish within ${limit} ms (are PostgreSQL and Redis reachable?); leaving anyway`);
    return leave(1);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
}
