import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/** The one database client of a process. Prisma runs on a `pg` pool that the process owns, so
 *  the few hot statements of the evaluation path can use the same connections directly (one
 *  prepared statement, no client-side query building) while everything else stays typed. */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  readonly pool: pg.Pool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 10 });
    super({ adapter: new PrismaPg(pool) });
    this.pool = pool;
    // A connection that PostgreSQL drops (a restart) must not crash the process. The pool hears
    // of idle ones; a checked-out one emits on itself, with no listener unless we add one, while
    // its queries fail with the same error and the pool discards it on release.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
  }

  /** Last of all: workers finish their active jobs and the audit sequencer seals its last
   *  events while modules are destroyed, and both still need the database. */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
    await this.pool.end().catch(() => undefined);
  }
}

/** A transaction client, as handed to `$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
