import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { startEmbeddedServices } from './config/embedded-services.js';
import type { AppConfig } from './config/app-config.js';
import { dataDirFor, parseEnv } from './config/env.js';
import { applyMigrations, defaultMigrationsDir } from './database/migrator.js';
import { configureHttpApp } from './http-app.js';

export interface Infrastructure {
  config: AppConfig;
  /** Stops whatever was started here (the embedded PostgreSQL and Redis); a no-op otherwise. */
  stop(): Promise<void>;
}

/**
 * The database and Redis a process runs on: those named by DATABASE_URL / REDIS_URL, or, when
 * either is unset, PostgreSQL and Redis started here in DATA_DIR (the embedded default). Either
 * way the database is migrated before anything uses it.
 */
export async function resolveInfrastructure(
  overrides: Partial<AppConfig> = {},
  log: (msg: string) => void = () => undefined,
): Promise<Infrastructure> {
  const env = { ...parseEnv(), ...overrides };
  let stop = async (): Promise<void> => undefined;
  let { DATABASE_URL, REDIS_URL } = env;
  if (!DATABASE_URL || !REDIS_URL) {
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

/** Closes the app (finishing active jobs, closing queues and the database), then the
 *  embedded services, on the first SIGINT or SIGTERM. */
export function closeOnSignal(app: INestApplicationContext, infra: Infrastructure, before?: () => void): void {
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    before?.();
    process.stderr.write(`\n${signal}: finishing active work and shutting down...\n`);
    await app.close();
    await infra.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
}
