import type { INestApplicationContext } from '@nestjs/common';
import { IntakeService } from '../../assessments/intake.service.js';
import type { Actor } from '../../auth/actor.js';
import { ReviewService } from '../../decisions/review.service.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { RulesService } from '../../rules/rules.service.js';
import type { AuthorisationSummary } from '../../authorisation/authorisation-summary.js';
import { authorisationFamily } from '../../authorisation/authorisation.family.js';
import { AuthorisationService } from '../../authorisation/authorisation.service.js';
import { catalogueFor } from '../../authorisation/criteria-catalogue.js';
import { isoDay } from '../../authorisation/dates.js';
import { formatAuthorisationSummary } from './summary-table.js';
import { applicationFacts, DEFERRALS, deferralFacts, REVIEW_ROUNDS, reviewFindings, simulateAuthorisationRound, WAVES } from './simulation.js';
import { inParallel, waitUntil } from '../../common/wait-until.js';

export const SIMULATION_ACTOR: Actor = { name: 'authorisation-simulation', role: 'system' };
/** The day after wave 4's decisions and before the March review; and the end of July 2013. */
export const AFTER_WAVES = '2013-03-27';
export const AFTER_REVIEWS = '2013-07-31';

export interface SimulationReport {
  afterWaves: AuthorisationSummary;
  afterReviews: AuthorisationSummary;
  assessments: number;
  text: string;
}

/**
 * Runs the authorisation simulation through the real pipeline of a running application (any role
 * that includes the API's intake; a worker must be evaluating): the four waves' applications go
 * through intake, the worker evaluates them, each proposed decision is confirmed through review
 * (which records the conditions), then the March and July 2013 reviews do the same. Returns the
 * summary the register computes, as data and as a text table.
 */
export async function runAuthorisationSimulation(
  app: INestApplicationContext,
  options: { seed?: number; actor?: Actor; timeoutMs?: number; progress?: (message: string) => void } = {},
): Promise<SimulationReport> {
  const actor = options.actor ?? SIMULATION_ACTOR;
  const intake = app.get(IntakeService, { strict: false });
  const review = app.get(ReviewService, { strict: false });
  const prisma = app.get(PrismaService, { strict: false });
  const rules = app.get(RulesService, { strict: false });

  const catalogue = catalogueFor(rules.effectiveFor(authorisationFamily, WAVES[0].period).document);
  const codes = (await prisma.ccg.findMany({ select: { odsCode: true } })).map((c) => c.odsCode);
  const ccgs = simulateAuthorisationRound(codes, catalogue, options.seed);
  let assessments = 0;

  // Every assessment of the simulation is labelled synthetic at intake: its documents say so.
  const runRound = async (items: { family: string; subject: string; period: string; provenance: 'synthetic'; facts: unknown }[]) => {
    const ids: string[] = [];
    for (let i = 0; i < items.length; i += 1000) {
      const results = await intake.submitBatch(items.slice(i, i + 1000), actor);
      const rejected = results.filter((r) => r.status !== 'queued');
      if (rejected.length > 0) throw new Error(`simulation: intake refused ${rejected.length} items, first: ${JSON.stringify(rejected[0])}`);
      ids.push(...results.map((r) => r.id!));
    }
    assessments += ids.length;
    options.progress?.(`${ids.length} assessments queued`);
    let open = ids.length;
    await waitUntil(
      async () => {
        const pending = await prisma.assessment.findMany({
          where: { id: { in: ids }, status: { in: ['queued', 'evaluating', 'failed'] } },
          select: { id: true, subject: true, status: true, error: true },
        });
        const failed = pending.find((a) => a.status === 'failed');
        if (failed) throw new Error(`simulation: assessment ${failed.id} (${failed.subject}) failed: ${failed.error}`);
        open = pending.length;
        return open === 0;
      },
      { timeoutMs: options.timeoutMs ?? 120_000, intervalMs: 250, timedOut: () => `simulation: ${open} assessments still not evaluated` },
    );
    options.progress?.(`${ids.length} assessments evaluated`);
    const decisions = await prisma.decision.findMany({ where: { assessmentId: { in: ids }, status: 'proposed' }, orderBy: { createdAt: 'asc' } });
    // A few reviewers at once: the audit chain orders them, the rest overlaps.
    await inParallel(decisions, 4, async (d) => {
      await review.confirm(d.id, { note: 'simulation: confirmed as proposed' }, actor);
    });
    options.progress?.(`${decisions.length} decisions confirmed`);
  };

  await runRound([
    ...DEFERRALS.map((d) => ({
      family: 'authorisation',
      subject: d.odsCode,
      period: d.period,
      provenance: 'synthetic' as const,
      facts: deferralFacts(d),
    })),
    ...ccgs.map((c) => ({
      family: 'authorisation',
      subject: c.odsCode,
      period: c.period,
      provenance: 'synthetic' as const,
      facts: applicationFacts(c, catalogue),
    })),
  ]);
  for (const round of REVIEW_ROUNDS) {
    const items = [];
    for (const c of ccgs) {
      const open = await prisma.authorisationCondition.findMany({ where: { odsCode: c.odsCode, status: 'open' }, orderBy: { criterion: 'asc' } });
      const findings = reviewFindings(
        c,
        round.round,
        open.map((o) => ({ id: o.id, criterion: o.criterion, level: o.level, dueDate: isoDay(o.dueDate) })),
      );
      if (findings)
        items.push({
          family: 'authorisation-review',
          subject: c.odsCode,
          period: round.period,
          provenance: 'synthetic' as const,
          facts: { reviewedOn: round.reviewedOn, conditions: findings },
        });
    }
    await runRound(items);
  }

  return { ...(await storedAuthorisationReport(app)), assessments };
}

/** The register's summary after the waves and after the reviews, as data and as text. A data
 *  folder that already holds the simulated decisions shows this instead of deciding again. */
export async function storedAuthorisationReport(app: INestApplicationContext): Promise<Omit<SimulationReport, 'assessments'>> {
  const register = app.get(AuthorisationService, { strict: false });
  const afterWaves = await register.summary(AFTER_WAVES);
  const afterReviews = await register.summary(AFTER_REVIEWS);
  const text = [
    'Authorisation simulation (synthetic findings; outcomes computed by the rules)',
    '',
    formatAuthorisationSummary(afterWaves),
    '',
    formatAuthorisationSummary(afterReviews),
    '',
    'published: waves 34/67/62/48; 43 without conditions, 168 with, 15 with directions; after the July 2013 review 152 free, 59 with conditions, 8 under directions',
  ].join('\n');
  return { afterWaves, afterReviews, text };
}
