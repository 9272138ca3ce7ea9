// Console page render times with many assessments stored (default 10,000): the national home
// page and the review queue (whole and filtered), one review page, a CCG page and the audit page,
// measured over HTTP on loopback with a signed-in session. `npm run bench:console`;
// BENCH_ASSESSMENTS and BENCH_REQUESTS tune it. A benchmark, not a test: it prints medians and
// 95th percentiles.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../src/app.module.js';
import { ApiKeysService } from '../src/auth/api-keys.service.js';
import { SYSTEM_ACTOR } from '../src/auth/actor.js';
import { ConsoleSessionsService } from '../src/console/console-sessions.service.js';
import { startEmbeddedServices } from '../src/embedded/embedded-services.js';
import { parseEnv } from '../src/config/env.js';
import { applyMigrations, defaultMigrationsDir } from '../src/database/migrator.js';
import type { Prisma } from '../src/generated/prisma/client.js';
import { configureHttpApp } from '../src/http-app.js';
import { PrismaService } from '../src/prisma/prisma.service.js';
import { qualityPremiumFamily } from '../src/quality-premium/quality-premium.family.js';
import { syntheticQualityPremiumFacts } from '../src/demo/quality-premium/synthetic-facts.js';
import { RulesService } from '../src/rules/rules.service.js';
import { median } from './stats.js';
import type { Actor } from '../src/auth/actor.js';
import { ACTION_AREAS } from '../src/barriers/barrier.schemas.js';
import { BarriersService } from '../src/barriers/barriers.service.js';
import { templateFor } from '../src/rules/rule-family.js';

const ASSESSMENTS = Number(process.env.BENCH_ASSESSMENTS ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 30);
const BARRIERS = Number(process.env.BENCH_BARRIERS ?? 1000);
/** Barriers linked into one national issue, as the same national problem raised across CCGs. */
const PER_ISSUE = 20;

/** Raises `count` barriers through the service (each audited, as a CCG's would be), triages
 *  them national and links them in groups into national issues. */
async function seedBarriers(barriers: BarriersService, board: Actor, codes: string[], count: number): Promise<string> {
  const refs: string[] = [];
  for (let i = 0; i < count; i++) {
    const raised = (await barriers.raise(
      {
        ccg: codes[i % codes.length],
        raisedOn: '2013-07-15',
        objectives: [13 + (i % 3)],
        actionArea: ACTION_AREAS[i % 4],
        stopsLocally: 'Shared care records cannot be read across the two providers (bench data).',
        nationalBodies: ['nhs-commissioning-board'],
        provenance: 'synthetic',
      },
      board,
    )) as { ref: string };
    refs.push(raised.ref);
  }
  for (let from = 0; from < refs.length; from += PER_ISSUE) {
    const group = refs.slice(from, from + PER_ISSUE);
    for (const ref of group)
      await barriers.triage(
        ref,
        { triage: 'national', reason: 'the same national barrier (bench data)', owner: 'Bench owner', responseDue: '2013-10-31' },
        board,
      );
    await barriers.link({ barriers: group, title: `Bench national issue ${from / PER_ISSUE + 1}` }, board);
  }
  return refs[0];
}

/** A what-if over the stored Quality Premium proposals: the rule set in force with its version
 *  raised and the first measure's weight halved, through the API as Board staff would run it. */
async function simulationRun(base: string, apiKey: string, rules: RulesService): Promise<string> {
  const current = rules.effectiveFor(qualityPremiumFamily, '2013/14').document;
  const candidate = structuredClone(current) as unknown as { version: string; rules: { event: { params?: Record<string, unknown> } }[] };
  candidate.version = current.version.replace(/\d+$/, (patch) => String(Number(patch) + 1));
  const weighted = candidate.rules.find((r) => typeof r.event.params?.weight === 'number');
  if (weighted) weighted.event.params!.weight = (weighted.event.params!.weight as number) / 2;
  const res = await fetch(`${base}/api/v1/rule-sets/simulations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ candidate }),
  });
  const body = (await res.json()) as { id?: string };
  if (res.status !== 201 || !body.id) throw new Error(`simulation answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body.id;
}

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];

/** Stores `count` assessments awaiting review, each with an evaluation and a proposed decision,
 *  made by running the real rules once per CCG and reusing the result for its repeats. */
async function seed(prisma: PrismaService, rules: RulesService, count: number): Promise<void> {
  const family = qualityPremiumFamily;
  const ccgs = await prisma.ccg.findMany({ orderBy: { odsCode: 'asc' } });
  const facts = syntheticQualityPremiumFacts(ccgs, 2013);
  const set = rules.effectiveFor(family, '2013/14');
  const perCcg = new Map<string, { facts: unknown; engineFacts: unknown; rules: unknown; key: string; outcome: unknown }>();
  for (const c of ccgs) {
    const f = family.factsSchema.parse(facts.get(c.odsCode));
    const result = await rules.evaluate(family, set, f, { subject: c.odsCode, period: '2013/14', ccg: { ...c } });
    perCcg.set(c.odsCode, {
      facts: facts.get(c.odsCode),
      engineFacts: result.engineFacts,
      rules: result.rules,
      key: result.result.key,
      outcome: result.result.outcome,
    });
  }
  const start = Date.now() - count * 1000;
  for (let from = 0; from < count; from += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - from) }, (_, j) => {
      const i = from + j;
      const c = ccgs[i % ccgs.length];
      const r = perCcg.get(c.odsCode)!;
      return {
        assessmentId: randomUUID(),
        evaluationId: randomUUID(),
        decisionId: randomUUID(),
        subject: c.odsCode,
        at: new Date(start + i * 1000),
        r,
      };
    });
    const json = (v: unknown) => v as Prisma.InputJsonValue;
    await prisma.assessment.createMany({
      data: batch.map((b) => ({
        id: b.assessmentId,
        family: family.id,
        subject: b.subject,
        period: '2013/14',
        facts: json(b.r.facts),
        status: 'awaiting_review' as const,
        createdBy: 'bench',
        createdAt: b.at,
      })),
    });
    await prisma.evaluation.createMany({
      data: batch.map((b) => ({
        id: b.evaluationId,
        assessmentId: b.assessmentId,
        ruleSetHash: set.hash,
        facts: json(b.r.engineFacts),
        results: json(b.r.rules),
        outcome: json(b.r.outcome),
        outcomeKey: b.r.key,
        createdAt: b.at,
      })),
    });
    await prisma.decision.createMany({
      data: batch.map((b) => ({
        id: b.decisionId,
        assessmentId: b.assessmentId,
        evaluationId: b.evaluationId,
        proposedKey: b.r.key,
        proposedOutcome: json(b.r.outcome),
        template: templateFor(family, b.r.key),
        document: '<!DOCTYPE html><title>bench</title>',
        createdAt: b.at,
      })),
    });
  }
}

async function main(): Promise<void> {
  const env = parseEnv();
  const dataDir = mkdtempSync(join(tmpdir(), 'ccg-bench-console-'));
  const services = await startEmbeddedServices({ dataDir, persistent: false });
  try {
    await applyMigrations(services.databaseUrl, defaultMigrationsDir());
    const config = {
      ...env,
      DATABASE_URL: services.databaseUrl,
      REDIS_URL: services.redisUrl,
      QUEUE_PREFIX: 'bench-console',
      ROLE: 'api' as const,
      LOG_LEVEL: 'silent' as const,
      RECONCILE_INTERVAL_MS: 0,
    };
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, logger: false });
    configureHttpApp(app, config);
    await app.listen(0, '127.0.0.1');
    try {
      const prisma = app.get(PrismaService);
      const seeded = Date.now();
      await seed(prisma, app.get(RulesService), ASSESSMENTS);
      process.stdout.write(
        `stored ${ASSESSMENTS} assessments awaiting review (with evaluations and decisions) in ${((Date.now() - seeded) / 1000).toFixed(1)} s\n`,
      );
      const keys = app.get(ApiKeysService);
      const key = await keys.create('board', 'bench-board', SYSTEM_ACTOR);
      const session = await app.get(ConsoleSessionsService).signIn(key.key);
      const ccgKey = await keys.create('ccg', 'bench-ccg', SYSTEM_ACTOR, '00C');
      const ccgSession = await app.get(ConsoleSessionsService).signIn(ccgKey.key);
      const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      const one = await prisma.assessment.findFirstOrThrow({ where: { subject: '00C' }, orderBy: { createdAt: 'desc' } });
      const codes = (await prisma.ccg.findMany({ select: { odsCode: true }, orderBy: { odsCode: 'asc' } })).map((c) => c.odsCode);
      const barriersSeeded = Date.now();
      const board = (await keys.resolve(key.key))!;
      const barrier = await seedBarriers(app.get(BarriersService), board, codes, BARRIERS);
      process.stdout.write(`raised, triaged and linked ${BARRIERS} barriers in ${((Date.now() - barriersSeeded) / 1000).toFixed(1)} s\n`);
      const run = await simulationRun(base, key.key, app.get(RulesService));
      const pages: [string, string][] = [
        ['home page', '/console'],
        ['home, by region', '/console?region=North%20of%20England'],
        ['queue, first page', '/console/queue'],
        ['queue, last page', `/console/queue?page=${Math.ceil(ASSESSMENTS / 50)}`],
        ['queue, by region', '/console/queue?region=North%20of%20England'],
        ['review page', `/console/assessments/${one.id}`],
        ['CCG page', '/console/ccgs/00C'],
        ['audit page', '/console/audit'],
        ['proposals', '/console/proposals'],
        ['barrier queue', '/console/barriers'],
        ['barrier page', `/console/barriers/${barrier}`],
        ['barrier reports', '/console/barrier-reports'],
        ['rules', '/console/rules'],
        ['what-if runs', '/console/rules/simulations'],
        ['what-if run', `/console/rules/simulations/${run}`],
        ['CCG home (ccg)', '/console/my-ccg'],
      ];
      const sessionFor = (path: string) => (path.startsWith('/console/my-ccg') ? ccgSession! : session!);
      const fetchPage = async (path: string): Promise<number> => {
        const t0 = performance.now();
        const res = await fetch(base + path, { headers: { cookie: `ccg_session=${sessionFor(path).token}` }, redirect: 'manual' });
        await res.text();
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        return performance.now() - t0;
      };
      for (const [, path] of pages) for (let i = 0; i < 5; i++) await fetchPage(path); // warm caches and the JIT
      // Interleaved rounds, so a burst of load elsewhere on the machine touches every page alike.
      const times = new Map(pages.map(([label]) => [label, [] as number[]]));
      for (let round = 0; round < REQUESTS; round++) for (const [label, path] of pages) times.get(label)!.push(await fetchPage(path));
      process.stdout.write(`\n${'page'.padEnd(20)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(8)}\n`);
      for (const [label] of pages) {
        const t = times.get(label)!;
        process.stdout.write(`${label.padEnd(20)} ${median(t).toFixed(1).padStart(10)} ${p95(t).toFixed(1).padStart(8)}\n`);
      }
    } finally {
      await app.close();
    }
  } finally {
    await services.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
