// npm run bench: the evaluation path measured side by side in one run, in rounds that interleave
// the settings so that machine noise hits them alike; prints medians and ratios. Nothing here
// asserts a time: it is a measurement, not a test.
//   BENCH_ROUNDS (5), BENCH_E2E assessments per end-to-end round (4000),
//   BENCH_CONCURRENCY worker concurrency (64), BENCH_SKIP=in-process,e2e,families,audit,simulation,
//   BENCH_PG_STATS=1 (PostgreSQL's top statements), BENCH_WORKER_NODE_ARGS (e.g. --cpu-prof)
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module.js';
import { readCcgRegister } from '../src/ccgs/ccg-register.js';
import type { AppConfig } from '../src/config/app-config.js';
import { startEmbeddedServices } from '../src/embedded/embedded-services.js';
import { parseEnv } from '../src/config/env.js';
import { applyMigrations, defaultMigrationsDir } from '../src/database/migrator.js';
import { qualityPremiumFamily } from '../src/quality-premium/quality-premium.family.js';
import { syntheticQualityPremiumFacts } from '../src/demo/quality-premium/synthetic-facts.js';
import { RuleSetRunner } from '../src/rules/rule-engine.js';
import { effectiveRuleSet, loadRuleSetsFrom } from '../src/rules/rule-set.loader.js';
import { bareBullmq, startPipeline, submitAndDrain, type Item } from './end-to-end.js';
import { everyCcgUnderEveryFamily } from './families.js';
import { syntheticRegister } from './synthetic-register.js';
import { inProcessBench } from './in-process.js';
import { benchAuditAppends, benchAuditTransactions, benchAuditVerify, ensureSealedChain } from './audit.js';
import { fmt, median } from './stats.js';
import { simulationBench, type SimulationBench } from './simulation.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const E2E = Number(process.env.BENCH_E2E ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(','));
const AUDIT_CHAIN = 200_000;

type Samples = Record<string, number[]>;
const push = (s: Samples, key: string, value: number) => (s[key] ??= []).push(value);

async function main(): Promise<void> {
  const env = parseEnv();
  const ccgs = readCcgRegister(env.CCG_REGISTER);
  const sets = loadRuleSetsFrom(env.RULES_DIR);
  const set = effectiveRuleSet(sets, 'quality-premium', '2013-04-01')!;
  const family = qualityPremiumFamily;
  const synthetic = syntheticQualityPremiumFacts(ccgs, 10);
  const engineFacts = ccgs.map((c) =>
    family.engineFacts(family.factsSchema.parse(synthetic.get(c.odsCode)), { subject: c.odsCode, period: '2013/14', ccg: { ...c } }, set.document),
  );
  // End to end, every item needs a (family, subject, period) of its own (a repeated one would
  // supersede the earlier), and the register has 211 CCGs: the end-to-end rounds run on a
  // synthetic register of E2E CCG-like subjects modelled on the real ones (bench only).
  const register = syntheticRegister(env.CCG_REGISTER, E2E);
  const registerFacts = syntheticQualityPremiumFacts(register.ccgs, 10);
  const qpItems: Item[] = register.ccgs.map((c) => ({
    family: family.id,
    subject: c.odsCode,
    period: '2013/14',
    facts: registerFacts.get(c.odsCode),
  }));
  const everyCcg = everyCcgUnderEveryFamily(ccgs, effectiveRuleSet(sets, 'authorisation', '2013-03-27')!);
  const s: Samples = {};
  let simulation: SimulationBench | undefined;

  // 1. In process.
  if (!SKIP.has('in-process')) {
    const rows = inProcessBench({ family, set, ccgs, engineFacts, templatesDir: env.TEMPLATES_DIR });
    for (let r = 0; r < ROUNDS; r++) {
      const [bare, ours] = await rows.engine(2000);
      push(s, 'bare', bare);
      push(s, 'ours', ours);
      push(s, 'document', await rows.document(1000));
    }
  }

  // 2. End to end, and 3. every CCG under every family, on real PostgreSQL and Redis.
  const dataDir = mkdtempSync(join(tmpdir(), 'ccg-bench-'));
  // Durable, as in production: fsync and synchronous_commit on (a persistent cluster), in a
  // folder of its own that is removed afterwards.
  const pgStats = process.env.BENCH_PG_STATS === '1';
  const services = await startEmbeddedServices({
    dataDir,
    persistent: true,
    postgresSettings: [
      ...(pgStats ? ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all'] : []),
      // BENCH_PG_SETTINGS="name=value,…": settings to try side by side with another run.
      ...(process.env.BENCH_PG_SETTINGS ?? '').split(',').filter(Boolean),
    ],
  });
  try {
    await applyMigrations(services.databaseUrl, defaultMigrationsDir());
    if (pgStats) await sql(services.databaseUrl, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const config: AppConfig = { ...env, DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl };
    const runner = new RuleSetRunner(set.document);
    const rulesOnly = async (i: number) => {
      const facts = engineFacts[i % engineFacts.length];
      return family.decide({ engineFacts: facts, rules: await runner.run(facts), ruleSet: set.document });
    };
    // Each setting of each round on a database of its own, so that no round inherits another's rows.
    let databases = 0;
    const fresh = async (): Promise<AppConfig> => ({ ...config, DATABASE_URL: await freshDatabase(services.databaseUrl, `bench_${++databases}`) });
    for (let r = 0; r < ROUNDS && !SKIP.has('e2e'); r++) {
      push(s, 'bullmq', await bareBullmq(services.redisUrl, CONCURRENCY, E2E, rulesOnly));
      for (const workers of [1, 2]) {
        const pipeline = await startPipeline({ ...(await fresh()), CCG_REGISTER: register.file }, workers, CONCURRENCY);
        try {
          push(s, `e2e${workers}`, (E2E * 1000) / (await submitAndDrain(pipeline.app, qpItems)));
        } finally {
          await pipeline.close();
        }
      }
    }
    if (!SKIP.has('families')) {
      const pipeline = await startPipeline(await fresh(), 1, CONCURRENCY);
      try {
        // Every round re-evaluates the country: each assessment supersedes the round before's.
        for (let r = 0; r < ROUNDS; r++) push(s, 'families', await submitAndDrain(pipeline.app, everyCcg.items));
      } finally {
        await pipeline.close();
      }
    }
    // Simulations of candidate rule sets over 211 CCGs (QP) and 211 × 8 quarters (intervention).
    if (!SKIP.has('simulation')) simulation = await simulationBench(await fresh(), ROUNDS);
    if (pgStats) process.stdout.write(await topStatements(services.databaseUrl));
    // 4. The audit log, on an API-role application of its own.
    if (!SKIP.has('audit')) {
      const app = await NestFactory.createApplicationContext(
        AppModule.forRoot({ ...(await fresh()), ROLE: 'api', LOG_LEVEL: 'silent', RECONCILE_INTERVAL_MS: 0 }),
        { logger: false },
      );
      try {
        await ensureSealedChain(app, AUDIT_CHAIN);
        for (let r = 0; r < ROUNDS; r++) {
          push(s, 'auditAppends', await benchAuditAppends(app, { concurrency: 200, events: 20_000 }));
          push(s, 'auditTransactions', await benchAuditTransactions(app, { concurrency: 50, events: 5_000 }));
          push(s, 'auditVerify', await benchAuditVerify(app, { events: AUDIT_CHAIN }));
        }
      } finally {
        await app.close();
      }
    }
  } finally {
    await services.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  // The table.
  const out = (line = '') => process.stdout.write(line + '\n');
  const row = (what: string, value: string, ratio = '') => out(`  ${what.padEnd(62)}${value.padStart(9)}   ${ratio}`);
  const m = (key: string) => median(s[key]);
  out(
    `\nQuality Premium 2013/14 (${set.document.rules.length} rules), ${ccgs.length} CCGs' synthetic facts; medians of ${ROUNDS} interleaved rounds`,
  );
  out(`\n  ${'in process'.padEnd(62)}${'per s'.padStart(9)}   ratio`);
  if (s.bare) {
    row('bare json-rules-engine run (one reused Engine)', fmt(m('bare')), '1.00');
    row('our evaluation (engine + condition traces + decider)', fmt(m('ours')), `${(m('ours') / m('bare')).toFixed(2)} of bare`);
    row('decision document alone (rendered when read)', fmt(m('document')), `${(1e6 / m('document')).toFixed(0)} µs per document`);
  }
  if (s.bullmq) {
    out(`\n  ${`end to end, ${E2E} assessments a round, worker concurrency ${CONCURRENCY}`.padEnd(62)}${'per s'.padStart(9)}   ratio`);
    row('bare BullMQ + the same rules and decider (no database)', fmt(m('bullmq')), '1.00');
    row('ours: intake → queue → worker → committed, 1 worker process', fmt(m('e2e1')), `${(m('e2e1') / m('bullmq')).toFixed(2)} of bare BullMQ`);
    row('ours, 2 worker processes', fmt(m('e2e2')), `${(m('e2e2') / m('e2e1')).toFixed(2)} of 1 process`);
  }
  if (s.families) {
    out(`\n  every CCG under every CCG family (${everyCcg.families.join(', ')}): ${everyCcg.items.length} assessments`);
    row(
      'end to end, 1 worker process',
      `${(m('families') / 1000).toFixed(2)} s`,
      `${fmt(everyCcg.items.length / (m('families') / 1000)).trim()} per s`,
    );
  }
  if (s.auditAppends) {
    out(`\n  ${'audit log'.padEnd(62)}${'per s'.padStart(9)}`);
    row('appends, 200 callers at once (group commit)', fmt(m('auditAppends')));
    row('appends, 50 business transactions at once, one event each', fmt(m('auditTransactions')));
    row(`audit verify, a chain of ${AUDIT_CHAIN} events`, fmt(m('auditVerify')));
  }
  if (simulation) {
    const sim = simulation;
    out(`\n  ${'simulation of a candidate rule set (check, read, run, write)'.padEnd(62)}${'median'.padStart(9)}   per subject`);
    const simRow = (what: string, samples: number[], rows: number, changed: number) => {
      const sec = median(samples);
      row(`${what}: ${rows} rows, ${changed} changed`, `${sec.toFixed(3)} s`, `${((sec * 1e6) / rows).toFixed(0)} µs`);
    };
    simRow('QP 2013/14, N2 weight halved', sim.qp, sim.rows.qp, sim.changed.qp);
    simRow('intervention × 8 quarters, trigger -0.3 %', sim.intervention, sim.rows.intervention, sim.changed.intervention);
    s.simQp = sim.qp;
    s.simInt = sim.intervention;
  }
  out('\nrounds:');
  for (const [key, values] of Object.entries(s)) out(`  ${key.padEnd(10)} ${values.map((v) => v.toFixed(v >= 100 ? 0 : 1)).join('  ')}`);
}

/** A new, migrated database on the bench's server; its URL. */
async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  await sql(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString(), defaultMigrationsDir());
  return url.toString();
}

async function sql<T extends object>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** PostgreSQL's own profile of the run (BENCH_PG_STATS=1): statements by total execution time. */
async function topStatements(url: string): Promise<string> {
  const rows = await sql<{ ms: number; calls: string; rows: string; query: string }>(
    url,
    `
    SELECT round(total_exec_time)::float8 AS ms, calls, rows, regexp_replace(query, '\\s+', ' ', 'g') AS query
    FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12`,
  );
  return (
    '\npg_stat_statements, by total execution time:\n' +
    rows.map((r) => `  ${String(r.ms).padStart(8)} ms ${r.calls.padStart(7)} calls ${r.rows.padStart(8)} rows  ${r.query.slice(0, 110)}`).join('\n') +
    '\n'
  );
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.stack}\n`);
  process.exit(1);
});
