import type { INestApplicationContext } from '@nestjs/common';
import type { Actor } from '../../auth/actor.js';
import { BARRIER_ESCALATION_FAMILY } from '../../barrier-escalation/barrier-escalation.family.js';
import { BarrierSweepRequests } from '../../barrier-escalation/sweep.service.js';
import { BarriersService } from '../../barriers/barriers.service.js';
import { financialYearOf } from '../../common/quarter.js';
import { inParallel, waitUntil } from '../../common/wait-until.js';
import { ReviewService } from '../../decisions/review.service.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { planSyntheticBarriers, type PlannedBarrier } from './synthetic-barriers.js';

/** Board staff as the demonstration stands in for them; every decision says so. */
const BOARD: Actor = { name: 'synthetic-barrier-demo', role: 'board' };
const REVIEWER: Actor = { name: 'simulated-board-review', role: 'board' };
const OWNER = 'Director of Commissioning Development (synthetic)';

export interface BarrierQuarterFigures {
  quarter: string;
  barriers: number;
  ccgs: number;
  regions: number;
  issues: number;
  lone: number;
  answered: number;
  awaiting: number;
  chased: number;
  inLetter: number;
  selectCommittee: number;
}

/** The quarter's figures as the demo prints them. */
export function formatBarrierFigures(f: BarrierQuarterFigures, stored: boolean): string {
  return [
    `National barriers (synthetic: ${f.barriers} barriers raised by ${f.ccgs} CCGs in ${f.regions} regions), escalation of ${f.quarter}:`,
    `  subjects assessed   ${f.issues + f.lone} (${f.issues} national issues, ${f.lone} barriers triaged national and not yet linked)`,
    `  answered            ${f.answered}`,
    `  awaiting response   ${f.awaiting}`,
    `  owner chased        ${f.chased}`,
    `  escalated           ${f.inLetter} into the quarterly letter (${f.selectCommittee} also marked for the Select Committee)`,
    `  letter: /api/v1/barriers/reports/quarterly?quarter=${f.quarter}&format=html   annual: /api/v1/barriers/reports/annual?year=${financialYearOf(f.quarter)}&format=html`,
    ...(stored ? ['(stored by an earlier run in this data folder)'] : []),
  ].join('\n');
}

/**
 * The barrier channel on a running app (role `all`): a synthetic set of barriers raised by CCGs of
 * the register in all four regions, triaged, linked and partly answered by synthetic Board staff;
 * then the quarter's escalation sweep through the pipeline, its proposals confirmed by a synthetic
 * reviewer, and the quarter's figures. A data folder that already holds the synthetic barriers
 * (the demo was run before) shows the figures it issued then.
 */
export async function runBarrierDemo(app: INestApplicationContext, quarter = '2013-Q3'): Promise<string> {
  const prisma = app.get(PrismaService);
  const stored = (await prisma.barrier.count({ where: { provenance: 'synthetic' } })) > 0;
  if (!stored) {
    await raiseSyntheticBarriers(app);
    await sweepAndIssue(app, quarter);
  }
  return formatBarrierFigures(await quarterFigures(prisma, quarter), stored);
}

async function raiseSyntheticBarriers(app: INestApplicationContext): Promise<void> {
  const prisma = app.get(PrismaService);
  const barriers = app.get(BarriersService, { strict: false });
  const register = await prisma.ccg.findMany({ select: { odsCode: true, regionName: true } });
  const plan = planSyntheticBarriers(register);
  const raise = async (b: PlannedBarrier): Promise<string> => {
    const raised = await barriers.raise({ ...b, provenance: 'synthetic' }, BOARD);
    return raised.ref;
  };
  const triage = (ref: string, responseDue: string) =>
    barriers.triage(ref, { triage: 'national', reason: 'Synthetic: only national action can remove it.', owner: OWNER, responseDue }, BOARD);

  for (const issue of plan.issues) {
    const refs: string[] = [];
    for (const b of issue.barriers) refs.push(await raise(b));
    for (const ref of refs) await triage(ref, issue.responseDue);
    const linked = await barriers.link({ barriers: refs, title: `Synthetic: ${issue.title}` }, BOARD);
    if (!issue.response) continue;
    await barriers.respond(linked.ref, { ...issue.response, text: `Synthetic: ${issue.response.text}` }, BOARD);
    for (const [i, ccg] of issue.rejectingCcgs.entries()) {
      const ref = refs[issue.barriers.findIndex((b) => b.ccg === ccg)];
      await barriers.rejectResponse(
        ref,
        {
          reason: 'Synthetic: the interim approval lapses before the CCG can use the data.',
          rejectedOn: `2013-09-${String(10 + i).padStart(2, '0')}`,
        },
        { name: `synthetic-ccg-${ccg}`, role: 'ccg', ccgCode: ccg },
      );
    }
  }
  for (const lone of plan.lone) {
    const ref = await raise(lone.barrier);
    if (lone.triage.kind === 'national') await triage(ref, lone.triage.responseDue);
    else await barriers.triage(ref, { triage: lone.triage.kind, reason: 'Synthetic: a local matter for the area team.' }, BOARD);
  }
}

/** The escalation sweep of the quarter, waited for, and its proposals confirmed. */
async function sweepAndIssue(app: INestApplicationContext, quarter: string): Promise<void> {
  const prisma = app.get(PrismaService);
  const { id } = await app.get(BarrierSweepRequests, { strict: false }).request(quarter, BOARD);
  const sweep = await waitUntil(
    async () => {
      const s = await prisma.barrierSweep.findUnique({ where: { id } });
      return s?.status === 'completed' || s?.status === 'failed' ? s : undefined;
    },
    { timeoutMs: 120_000, timedOut: () => `the barrier sweep of ${quarter} did not finish in 2 minutes` },
  );
  if (sweep.status === 'failed') throw new Error(`the barrier sweep of ${quarter} failed: ${sweep.error}`);
  const proposed = await prisma.decision.findMany({
    where: { status: 'proposed', assessment: { family: BARRIER_ESCALATION_FAMILY, period: quarter } },
    select: { id: true },
  });
  const review = app.get(ReviewService, { strict: false });
  await inParallel(proposed, 4, async (d) => {
    await review.confirm(d.id, { note: 'Synthetic demonstration: confirmed unchanged.' }, REVIEWER);
  });
}

async function quarterFigures(prisma: PrismaService, quarter: string): Promise<BarrierQuarterFigures> {
  const synthetic = await prisma.barrier.findMany({
    where: { provenance: 'synthetic' },
    select: { ccg: { select: { odsCode: true, regionName: true } } },
  });
  const issued = await prisma.barrierEscalation.findMany({ where: { quarter }, select: { subjectRef: true, outcomeKey: true } });
  const count = (...keys: string[]) => issued.filter((e) => keys.includes(e.outcomeKey)).length;
  return {
    quarter,
    barriers: synthetic.length,
    ccgs: new Set(synthetic.map((b) => b.ccg.odsCode)).size,
    regions: new Set(synthetic.map((b) => b.ccg.regionName)).size,
    issues: issued.filter((e) => e.subjectRef.startsWith('NI-')).length,
    lone: issued.filter((e) => e.subjectRef.startsWith('BAR-')).length,
    answered: count('answered'),
    awaiting: count('awaiting-response'),
    chased: count('chase-owner'),
    inLetter: count('include-in-letter', 'select-committee'),
    selectCommittee: count('select-committee'),
  };
}
