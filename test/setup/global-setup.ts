// Starts PostgreSQL and Redis once for the whole e2e run and prepares a migrated template
// database; each test file clones it (test/support/test-database.ts), which takes tens of
// milliseconds instead of a migration run and keeps files isolated, so they run in parallel.
// DATABASE_URL and REDIS_URL, when set, name servers to use instead of the embedded ones.
// Jest loads global setup and teardown with Node's own require, without moduleNameMapper, so
// local imports here (and in the files they import) name no .js suffix.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedServices, type EmbeddedServices } from '../../src/embedded/embedded-services';
import { applyMigrations, defaultMigrationsDir } from '../../src/database/migrator';
import { databaseUrl, harnessState } from '../support/harness-state';

export default async function globalSetup(): Promise<void> {
  const t0 = Date.now();
  const log = process.env.TEST_HARNESS_VERBOSE === '1' ? (m: string) => process.stderr.write(`[e2e setup +${Date.now() - t0} ms] ${m}\n`) : undefined;

  let services: EmbeddedServices | undefined;
  let dataDir: string | undefined;
  let pgUrl = process.env.DATABASE_URL;
  let redisUrl = process.env.REDIS_URL;
  try {
    if (!pgUrl || !redisUrl) {
      dataDir = mkdtempSync(join(tmpdir(), 'ccg-e2e-'));
      services = await startEmbeddedServices({ dataDir, persistent: false, log });
      pgUrl ??= services.databaseUrl;
      redisUrl ??= services.redisUrl;
    }
    // A shared external server may serve several runs at once: each run gets its own template.
    const externalPg = pgUrl !== services?.databaseUrl;
    const templateDb = externalPg ? `ccg_template_${randomBytes(4).toString('hex')}` : 'ccg_template';
    const adminUrl = databaseUrl(pgUrl, 'postgres');
    await createTemplate(adminUrl, templateDb, log);

    // Test workers are forked after global setup and inherit these.
    process.env.TEST_DATABASE_ADMIN_URL = adminUrl;
    process.env.TEST_TEMPLATE_DB = templateDb;
    process.env.TEST_REDIS_URL = redisUrl;
    harnessState.set({ services, dataDir, adminUrl, templateDb, ownsTemplate: externalPg });
    log?.(`ready in ${Date.now() - t0} ms`);
  } catch (err) {
    // Jest does not run global teardown when global setup fails.
    await services?.stop().catch(() => undefined);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

async function createTemplate(adminUrl: string, templateDb: string, log?: (m: string) => void): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const name = admin.escapeIdentifier(templateDb);
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [templateDb]);
    if (found.rowCount) {
      await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE false`);
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE ${name}`);
    const { applied } = await applyMigrations(databaseUrl(adminUrl, templateDb), defaultMigrationsDir(), log);
    log?.(`template ${templateDb}: ${applied.length} migrations applied`);
    // No connections allowed: CREATE DATABASE ... TEMPLATE fails while anyone is connected to it.
    await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  } finally {
    await admin.end();
  }
}
