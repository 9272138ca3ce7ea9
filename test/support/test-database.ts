// Per-test-file isolation on the servers started by test/setup/global-setup.ts.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrl } from './harness-state.js';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run e2e tests through Jest's e2e project (test/setup/global-setup.ts sets it)`);
  return value;
}

async function withAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: requireEnv('TEST_DATABASE_ADMIN_URL') });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A database of this test file's own: a copy of the migrated template (or, with `empty`, a
 * database without any table, for migration tests). drop() removes it.
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const template = options.empty ? 'template0' : requireEnv('TEST_TEMPLATE_DB');
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)} TEMPLATE ${admin.escapeIdentifier(template)}`));
  let dropped: Promise<void> | undefined;
  return {
    url: databaseUrl(requireEnv('TEST_DATABASE_ADMIN_URL'), name),
    // FORCE ends the connections a test left open (pools, Prisma) instead of failing on them.
    drop: () =>
      (dropped ??= withAdmin(async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
      })),
  };
}

let prefix: string | undefined;

/** A BullMQ key prefix of this test file's own (Jest gives every test file a fresh module registry). */
export function testRedisPrefix(): string {
  prefix ??= `test-${process.env.JEST_WORKER_ID ?? '0'}-${randomBytes(4).toString('hex')}`;
  return prefix;
}

/** The Redis the e2e run started (or REDIS_URL when given). */
export function testRedisUrl(): string {
  return requireEnv('TEST_REDIS_URL');
}
