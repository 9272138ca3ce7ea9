import type { INestApplicationContext } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { AuditService } from '../audit/audit.service.js';
import { API_ROLES } from '../auth/api-key.js';
import { ApiKeysService } from '../auth/api-keys.service.js';
import { SYSTEM_ACTOR } from '../auth/actor.js';
import { IntakeService } from '../assessments/intake.service.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { syntheticQualityPremiumFacts } from './quality-premium/synthetic-facts.js';
import { ASSURANCE_TITLES, RECONFIGURATION_SAMPLES, runReconfigurationSamples } from './reconfiguration/samples.js';
import type { Assurance } from '../reconfiguration/reconfiguration.assurance.js';
import { runAuthorisationSimulation, storedAuthorisationReport } from './authorisation/simulation-runner.js';
import { InterventionService } from '../intervention/intervention.service.js';
import { formatLadderTable, runInterventionSimulation } from './intervention/simulation.js';
import { formatQualityPremiumSummary, summariseQualityPremium, type QpResult } from './quality-premium/summary.js';
import { waitUntil } from '../common/wait-until.js';
import { runBarrierDemo } from './barriers/barrier-demo.js';

export interface DemoOptions {
  /** Seed of every family's synthetic facts; unset, each family's own default (see `demoSeeds`). */
  seed?: number;
  period: string;
  /** Also run the other families' simulations (authorisation waves, proposals, eight quarters). */
  families?: boolean;
  out: (line: string) => void;
}

const FINISHED = ['awaiting_review', 'decided', 'failed'] as const;

export interface DemoSeeds {
  qualityPremium: number;
  authorisation: number;
  intervention: number;
}

/** One seed for every family's synthetic facts, or each family's default: 10 brings the Quality
 *  Premium closest to the real 2013/14 totals; the others are the seeds their tests describe.
 *  (Reconfiguration runs fixed sample proposals: no seed.) */
export function demoSeeds(seed?: number): DemoSeeds {
  return seed === undefined
    ? { qualityPremium: 10, authorisation: 2013, intervention: 1 }
    : { qualityPremium: seed, authorisation: seed, intervention: seed };
}

/** The other families' parts of the demo, each through the same pipeline, each a printed report. */
const FAMILY_DEMOS: ((app: INestApplicationContext, seeds: DemoSeeds) => Promise<string>)[] = [
  authorisationDemo,
  reconfigurationDemo,
  interventionDemo,
  // Synthetic barriers of CCGs in all four regions, swept for 2013-Q3 (fixed, not seeded).
  (app) => runBarrierDemo(app),
];

/** The sample proposals, submitted, judged and issued by the panel. A data folder that already
 *  holds their reports shows those: an issued report stands until an amendment replaces it. */
export async function reconfigurationDemo(app: INestApplicationContext): Promise<string> {
  const stored = await app.get(PrismaService).decision.findMany({
    where: { status: 'issued', assessment: { family: 'reconfiguration', subject: { in: RECONFIGURATION_SAMPLES.map((s) => s.reference) } } },
    include: { assessment: { select: { subject: true, period: true } } },
    orderBy: [{ assessment: { subject: 'asc' } }, { assessment: { period: 'asc' } }],
  });
  if (stored.length === 0) return runReconfigurationSamples(app);
  const lines = stored.map((d) => {
    const key = (d.finalKey ?? d.proposedKey) as Assurance;
    return `  ${d.assessment.subject} (${d.assessment.period}): issued ${ASSURANCE_TITLES[key] ?? key}  /api/v1/decisions/${d.id}/document`;
  });
  return [
    'Reconfiguration proposals (illustrative samples; the CCGs are real, the proposals are not):',
    ...lines,
    '(stored by an earlier run in this data folder)',
  ].join('\n');
}

/** The four waves and two reviews, decided through review. A data folder that already holds
 *  them shows the stored standing instead: one decision per CCG and wave stands, and deciding
 *  again would need amendments, not a second run. */
async function authorisationDemo(app: INestApplicationContext, seeds: DemoSeeds): Promise<string> {
  if ((await app.get(PrismaService).ccgAuthorisation.count()) > 0) {
    return `${(await storedAuthorisationReport(app)).text}
(stored by an earlier run in this data folder; --seed applies to a fresh one)`;
  }
  return (await runAuthorisationSimulation(app, { seed: seeds.authorisation })).text;
}

/** Eight quarters for every CCG, swept and issued quarter by quarter. A data folder that already
 *  holds them (the demo was run before) shows its stored ladder instead: quarters are history and
 *  cannot be submitted again out of order. */
async function interventionDemo(app: INestApplicationContext, seeds: DemoSeeds): Promise<string> {
  if ((await app.get(PrismaService).interventionQuarter.count()) > 0) {
    const stored = await app.get(InterventionService, { strict: false }).dashboard();
    return `${formatLadderTable(stored.quarters, [])}
(stored by an earlier run in this data folder; --seed applies to a fresh one)`;
  }
  return (await runInterventionSimulation(app, { seed: seeds.intervention, quarters: 8 })).table;
}

/**
 * The main job on a running app (role `all`): one API key per role, the other families'
 * simulations, then every CCG of the register assessed under Quality Premium 2013/14 on synthetic
 * facts made from a seed, evaluated by the worker, and a national summary of the proposed decisions.
 */
export async function runDemo(app: INestApplicationContext, options: DemoOptions): Promise<{ keys: Record<string, string>; summary: string }> {
  const prisma = app.get(PrismaService);
  const keys: Record<string, string> = {};
  for (const role of API_ROLES) keys[role] = (await app.get(ApiKeysService).create(role, `demo-${role}`, SYSTEM_ACTOR)).key;

  const seeds = demoSeeds(options.seed);
  // The other families first: the Quality Premium for a year reads the intervention levels issued
  // in it (a gateway), so it is assessed, as in life, once the year's quarters are decided; a
  // second run on the same data folder then sees the same history and prints the same figures.
  for (const step of options.families === false ? [] : FAMILY_DEMOS) {
    options.out(await step(app, seeds));
    options.out('');
  }
  const ccgs = await prisma.ccg.findMany({ orderBy: { odsCode: 'asc' } });
  const factsByCcg = syntheticQualityPremiumFacts(ccgs, seeds.qualityPremium);
  const items = ccgs.map((c) => ({
    family: 'quality-premium',
    subject: c.odsCode,
    period: options.period,
    provenance: 'synthetic',
    facts: factsByCcg.get(c.odsCode),
  }));
  const results = await app.get(IntakeService).submitBatch(items, { name: 'demo-loader', role: 'board' });
  const rejected = results.filter((r) => r.status === 'rejected');
  if (rejected.length > 0) throw new Error(`demo facts rejected: ${JSON.stringify(rejected.slice(0, 3))}`);
  const ids = results.map((r) => r.id as string);

  const bar = new SingleBar({ format: 'evaluating  [{bar}] {value}/{total} CCGs  {duration_formatted}', hideCursor: true, stream: process.stdout });
  bar.start(ids.length, 0);
  const started = Date.now();
  let done = 0;
  await waitUntil(
    async () => {
      done = await prisma.assessment.count({ where: { id: { in: ids }, status: { in: [...FINISHED] } } });
      bar.update(done);
      return done === ids.length;
    },
    { timeoutMs: 300_000, intervalMs: 150, timedOut: () => `only ${done} of ${ids.length} evaluated after 5 minutes` },
  );
  bar.stop();
  const seconds = (Date.now() - started) / 1000;

  const failed = await prisma.assessment.findMany({ where: { id: { in: ids }, status: 'failed' }, select: { subject: true, error: true } });
  if (failed.length > 0) options.out(`${failed.length} evaluations failed, e.g. ${failed[0].subject}: ${failed[0].error}`);
  const evaluations = await prisma.evaluation.findMany({ where: { assessmentId: { in: ids } }, select: { outcome: true } });
  const summary = formatQualityPremiumSummary(summariseQualityPremium(evaluations.map((e) => e.outcome as unknown as QpResult)));

  options.out('');
  options.out(summary);
  options.out('');
  options.out(
    `${ids.length} assessments evaluated in ${seconds.toFixed(1)} s (${(ids.length / seconds).toFixed(0)}/s); all await review by Board staff.`,
  );
  const verify = await app.get(AuditService).verify();
  options.out('');
  options.out(`Audit chain: ${verify.ok ? 'intact' : `BROKEN at seq ${verify.firstBrokenSeq}`}, ${verify.checked} events checked.`);
  return { keys, summary };
}
