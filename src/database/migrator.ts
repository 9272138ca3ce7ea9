// Applies prisma/migrations without Prisma's schema engine (a native download this project must
// not need). The bookkeeping is Prisma's own `_prisma_migrations` table, kept the way
// `prisma migrate deploy` keeps it, so either tool can take over from the other.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

// The key Prisma's schema engine locks: a `prisma migrate deploy` and this migrator wait for each other.
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

// Prisma's DDL for PostgreSQL, column for column.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function applyMigrations(
  databaseUrl: string,
  migrationsDir: string,
  log: (m: string) => void = () => undefined,
): Promise<{ applied: string[] }> {
  const files = readMigrations(migrationsDir);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const rows = (
        await client.query<MigrationRow>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at')
      ).rows;
      const done = checkHistory(files, rows, log);

      const applied: string[] = [];
      for (const file of files) {
        if (done.has(file.name)) continue;
        const t0 = Date.now();
        // One transaction per migration: a failure leaves neither its changes nor a row behind,
        // so fixing the file and starting again is enough (no `migrate resolve` needed).
        await client.query('BEGIN');
        try {
          const id = randomUUID();
          await client.query(
            'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, clock_timestamp(), 0)',
            [id, file.checksum, file.name],
          );
          await client.query(file.sql);
          await client.query(
            'UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = applied_steps_count + 1 WHERE id = $1',
            [id],
          );
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          const reason = err instanceof Error ? err.message : String(err);
          throw new Error(`Migration ${file.name} failed and was rolled back: ${reason}`, { cause: err });
        }
        applied.push(file.name);
        log(`migration ${file.name} applied in ${Date.now() - t0} ms`);
      }
      return { applied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

/** Names of the migrations already applied; throws where the history and the files disagree. */
function checkHistory(files: MigrationFile[], rows: MigrationRow[], log: (m: string) => void): Set<string> {
  const byName = new Map(files.map((f) => [f.name, f]));
  const done = new Set<string>();
  for (const row of rows) {
    if (row.rolled_back_at !== null) continue; // `prisma migrate resolve --rolled-back`: ignored, as Prisma does
    if (row.finished_at === null) {
      throw new Error(
        `Migration ${row.migration_name} started but never finished (a failed \`prisma migrate deploy\`?). ` +
          'Repair the database, then mark it with `prisma migrate resolve --applied` or `--rolled-back`.',
      );
    }
    const file = byName.get(row.migration_name);
    if (!file) {
      log(`warning: migration ${row.migration_name} is applied to the database but missing from the migrations folder`);
      continue;
    }
    if (row.checksum !== file.checksum) {
      throw new Error(
        `Migration ${row.migration_name} was modified after it was applied: the database recorded checksum ` +
          `${row.checksum}, the file now has ${file.checksum}. Restore the file and put the change in a new migration.`,
      );
    }
    done.add(row.migration_name);
  }
  return done;
}

function readMigrations(migrationsDir: string): MigrationFile[] {
  if (!existsSync(migrationsDir)) throw new Error(`No migrations folder at ${migrationsDir}`);
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort() // Prisma orders by folder name: the timestamp prefix.
    .map((name) => {
      const path = join(migrationsDir, name, 'migration.sql');
      if (!existsSync(path)) throw new Error(`Migration folder ${name} has no migration.sql`);
      const bytes = readFileSync(path);
      // Prisma's checksum: sha256 of the file, hex.
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}

/** `<project root>/prisma/migrations`, from src/ (tests) as from dist/src/ (compiled). */
export function defaultMigrationsDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'prisma', 'migrations');
    if (dirname(dir) === dir) throw new Error(`No package.json above ${__dirname}: cannot find prisma/migrations`);
  }
}
