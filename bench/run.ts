// npm run bench: throughput of the evaluation path, measured side by side in one run on the
// same facts, in rounds that interleave the settings so that machine noise hits them alike.
// Prints medians and ratios. Nothing here asserts a time: it is a measurement, not a test.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from 'json-rules-engine';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../src/app.module.js';
import { AuditService } from '../src/audit/audit.service.js';
import { IntakeService } from '../src/assessments/intake.service.js';
import { SYSTEM_ACTOR } from '../src/auth/actor.js';
import { readCcgRegister } from '../src/ccgs/ccg-register.js';
import type { AppConfig } from '../src/config/app-config.js';
import { startEmbeddedServices } from '../src/config/embedded-services.js';
import { parseEnv } from '../src/config/env.js';
import { applyMigrations, defaultMigrationsDir } from '../src/database/migrator.js';
import { DocumentRenderer } from '../src/decisions/document-renderer.js';
import { PrismaService } from '../src/prisma/prisma.service.js';
import { qualityPremiumFamily } from '../src/quality-premium/quality-premium.family.js';
import { syntheticQualityPremiumFacts } from '../src/quality-premium/synthetic-facts.js';
import { RunnerCache } from '../src/rules/rule-engine.js';
import { effectiveRuleSet, loadRuleSetsFrom } from '../src/rules/rule-set.loader.js';
import { fmt, median, opsPerSecond } from './stats.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const E2E_ASSESSMENTS = Number(process.env.BENCH_E2E ?? 211);

async function main(): Promise<void> {
  const env = parseEnv();
  const ccgs = readCcgRegister(env.CCG_REGISTER);
  const set = effectiveRuleSet(loadRuleSetsFrom(env.RULES_DIR), 'quality-premium', '2013-04-01')!;
  const synthetic = syntheticQualityPremiumFacts(ccgs, 10);
  const family = qualityPremiumFamily;
  const engineFacts = ccgs.map((c) => family.engineFacts(family.factsSchema.parse(synthetic.get(c.odsCode)), { ccg: { ...c } }, set.document));
  const renderer = new DocumentRenderer(env.TEMPLATES_DIR);

  // 1. json-rules-engine alone: one reused Engine, results discarded.
  const bare = new Engine(structuredClone(set.document.rules) as never, { allowUndefinedFacts: true });
  // 2. Our in-process evaluation: cached Engine, condition traces, decider, rendered document.
  const runners = new RunnerCache();
  const ours = async (i: number) => {
    const facts = engineFacts[i % engineFacts.length];
    const rules = await runners.get(set.hash, set.document).run(facts);
    const result = family.decide({ engineFacts: facts, rules, ruleSet: set.document });
    const c = ccgs[i % ccgs.length];
    return renderer.decisionDocument(family, {
      assessment: { id: 'bench', subject: c.odsCode, period: '2013/14' },
      ccg: { ...c }, ruleSet: set, evaluationId: 'bench', decisionId: 'bench', rules, proposed: result,
    }).document;
  };
  const bareRuns: number[] = [];
  const ourRuns: number[] = [];
  for (let r = 0; r < (process.env.BENCH_DEBUG ? 1 : ROUNDS); r++) {
    bareRuns.push(await opsPerSecond((i) => bare.run({ ...engineFacts[i % engineFacts.length] }), 1000));
    ourRuns.push(await opsPerSecond(ours, 1000));
  }

  // 3. End to end on real PostgreSQL and Redis: intake → queue → worker → database → audit.
  const dataDir = mkdtempSync(join(tmpdir(), 'ccg-bench-'));
  const services = await startEmbeddedServices({ dataDir, persistent: false });
  const levels = (process.env.BENCH_CONCURRENCY ?? '1,8').split(',').map(Number);
  const e2e: Record<string, number[]> = Object.fromEntries(levels.map((c) => [`worker concurrency ${c}`, []]));
  const auditRuns: number[] = [];
  try {
    await applyMigrations(services.databaseUrl, defaultMigrationsDir());
    for (let r = 0; r < ROUNDS; r++) {
      for (const [label, concurrency] of levels.map((c) => [`worker concurrency ${c}`, c] as const)) {
        e2e[label].push(await endToEnd({ ...env, DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, QUEUE_PREFIX: `bench${r}c${concurrency}`, WORKER_CONCURRENCY: concurrency }, ccgs.map((c) => c.odsCode), synthetic, auditRuns));
      }
    }
  } finally {
    await services.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const b = median(bareRuns);
  const o = median(ourRuns);
  const out = (s: string) => process.stdout.write(s + '\n');
  out(`\nQuality Premium 2013/14 (${set.document.rules.length} rules), ${ccgs.length} CCGs' synthetic facts; medians of ${ROUNDS} interleaved rounds\n`);
  out(`${'what'.padEnd(58)}${'per s'.padStart(8)}   ratio`);
  out(`${'bare json-rules-engine run (one reused Engine)'.padEnd(58)}${fmt(b)}   1.00`);
  out(`${'our evaluation in-process (traces + decider + document)'.padEnd(58)}${fmt(o)}   ${(o / b).toFixed(2)} of bare`);
  for (const [label, runs] of Object.entries(e2e)) {
    const m = median(runs);
    out(`${`end to end, ${E2E_ASSESSMENTS} assessments, ${label}`.padEnd(58)}${fmt(m)}   ${(m / b).toFixed(3)} of bare`);
  }
  out(`${'audit appends, one event per transaction (sealed in batches)'.padEnd(58)}${fmt(median(auditRuns))}`);
  out(`\nrounds: bare ${bareRuns.map((x) => x.toFixed(0)).join(' ')} | ours ${ourRuns.map((x) => x.toFixed(0)).join(' ')} | ` +
    Object.entries(e2e).map(([l, r]) => `${l} ${r.map((x) => x.toFixed(1)).join(' ')}`).join(' | '));
}

/** Submits a batch and waits for every assessment to reach the review queue; returns per second. */
async function endToEnd(config: AppConfig, subjects: string[], facts: Map<string, unknown>, auditRuns: number[]): Promise<number> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ ...config, ROLE: 'all', LOG_LEVEL: 'silent', RECONCILE_INTERVAL_MS: 0 }), { logger: false });
  await app.init();
  try {
    const prisma = app.get(PrismaService);
    const items = Array.from({ length: E2E_ASSESSMENTS }, (_, i) => {
      const subject = subjects[i % subjects.length];
      return { family: 'quality-premium', subject, period: '2013/14', facts: facts.get(subject) };
    });
    const start = performance.now();
    const results = await app.get(IntakeService, { strict: false }).submitBatch(items, { name: 'bench', role: 'board' });
    const ids = results.map((r) => r.id as string);
    if (process.env.BENCH_DEBUG) process.stderr.write(`intake ${(performance.now() - start).toFixed(0)} ms\n`);
    for (;;) {
      const done = await prisma.assessment.count({ where: { id: { in: ids }, status: 'awaiting_review' } });
      if (done === ids.length) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const perSecond = (ids.length * 1000) / (performance.now() - start);
    const audit = app.get(AuditService);
    auditRuns.push(await opsPerSecond(() => audit.record({ actor: SYSTEM_ACTOR, action: 'bench.tick', entityType: 'bench', entityId: 'x' }), 500));
    return perSecond;
  } finally {
    await app.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.stack}\n`);
  process.exit(1);
});
