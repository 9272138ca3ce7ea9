// node dist/bench/audit-main.js: the audit log's figures alone, without the main bench. Starts
// PostgreSQL (fsync on, as in production, unless AUDIT_BENCH_FSYNC=off) and Redis, then prints
// medians of AUDIT_BENCH_ROUNDS rounds. A measurement, not a test: nothing here asserts a time.
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module.js';
import { startEmbeddedServices } from '../src/embedded/embedded-services.js';
import { parseEnv } from '../src/config/env.js';
import { applyMigrations, defaultMigrationsDir } from '../src/database/migrator.js';
import { benchAuditAppends, benchAuditSeal, benchAuditTransactions, benchAuditVerify, ensureSealedChain } from './audit.js';
import { fmt, median } from './stats.js';

const ROUNDS = Number(process.env.AUDIT_BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.AUDIT_BENCH_CONCURRENCY ?? 200);
const APPENDS = Number(process.env.AUDIT_BENCH_APPENDS ?? 20_000);
const TRANSACTIONS = Number(process.env.AUDIT_BENCH_TRANSACTIONS ?? 5_000);
const VERIFY = Number(process.env.AUDIT_BENCH_VERIFY ?? 200_000);
const SEAL = Number(process.env.AUDIT_BENCH_SEAL ?? 50_000);
/** Comma-separated subset of: serial, appends, transactions, seal, verify. */
const ONLY = new Set((process.env.AUDIT_BENCH_ONLY ?? 'serial,appends,transactions,seal,verify').split(','));

/** With AUDIT_BENCH_PROFILE=<dir>, each measured step's CPU profile (this process only, set-up
 *  excluded) is written there as <step>-<round>.cpuprofile, for Chrome DevTools or speedscope. */
async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.AUDIT_BENCH_PROFILE;
  if (!dir) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ccg-audit-bench-'));
  // persistent: PostgreSQL keeps fsync on; the folder is removed at the end all the same.
  const services = await startEmbeddedServices({ dataDir, persistent: process.env.AUDIT_BENCH_FSYNC !== 'off' });
  const runs: Record<string, number[]> = {};
  const add = (label: string, value: number) => (runs[label] ??= []).push(value);
  try {
    await applyMigrations(services.databaseUrl, defaultMigrationsDir());
    const config = {
      ...parseEnv(),
      DATABASE_URL: services.databaseUrl,
      REDIS_URL: services.redisUrl,
      ROLE: 'api' as const,
      LOG_LEVEL: 'silent' as const,
      RECONCILE_INTERVAL_MS: 0,
    };
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
    try {
      for (let r = 0; r < ROUNDS; r++) {
        if (ONLY.has('serial'))
          add('appends, one caller (record)', await profiled(`serial-${r}`, () => benchAuditAppends(app, { concurrency: 1, events: 1_000 })));
        if (ONLY.has('appends')) {
          add(
            `appends, ${CONCURRENCY} concurrent callers (record)`,
            await profiled(`appends-${r}`, () => benchAuditAppends(app, { concurrency: CONCURRENCY, events: APPENDS })),
          );
          add(
            `  the same, until every event is sealed`,
            await benchAuditAppends(app, { concurrency: CONCURRENCY, events: APPENDS, untilSealed: true }),
          );
        }
        if (ONLY.has('transactions')) {
          for (const c of [1, 50]) {
            const rate = await profiled(`transactions${c}-${r}`, () =>
              benchAuditTransactions(app, { concurrency: c, events: c === 1 ? 500 : TRANSACTIONS }),
            );
            add(`business transactions, ${c} at once, one event each`, rate);
          }
        }
        if (ONLY.has('seal')) {
          const seal = await profiled(`seal-${r}`, () => benchAuditSeal(app, { events: SEAL }));
          add(`sealing ${SEAL} pending events`, seal.perSecond);
          add('  client CPU per sealed event (µs)', seal.clientMicrosPerEvent);
        }
        if (ONLY.has('verify')) await ensureSealedChain(app, VERIFY);
        if (ONLY.has('verify'))
          add(`verify, chain of ≥ ${VERIFY} events`, await profiled(`verify-${r}`, () => benchAuditVerify(app, { events: VERIFY })));
      }
    } finally {
      await app.close();
    }
  } finally {
    await services.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const out = (s: string) => process.stdout.write(s + '\n');
  out(`\naudit log, medians of ${ROUNDS} rounds (PostgreSQL fsync ${process.env.AUDIT_BENCH_FSYNC === 'off' ? 'off' : 'on'})`);
  out(`${'what'.padEnd(58)}${'per s'.padStart(8)}   rounds`);
  for (const [label, values] of Object.entries(runs))
    out(`${label.padEnd(58)}${fmt(median(values))}   ${values.map((v) => v.toFixed(v < 100 ? 1 : 0)).join(' ')}`);
}

main().catch((error: Error) => {
  process.stderr.write(`audit bench failed: ${error.stack}\n`);
  process.exit(1);
});
