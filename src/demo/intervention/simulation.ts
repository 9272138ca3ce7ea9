import type { INestApplicationContext } from '@nestjs/common';
import type { Actor } from '../../auth/actor.js';
import { IntakeService } from '../../assessments/intake.service.js';
import { ReviewService } from '../../decisions/review.service.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { INTERVENTION_FAMILY } from '../../intervention/intervention.family.js';
import { InterventionService } from '../../intervention/intervention.service.js';
import { quarterRange } from '../../intervention/quarter.js';
import { SweepService } from '../../intervention/sweep.service.js';
import type { SweepReport } from '../../intervention/sweep.report.js';
import { syntheticQuarterFacts } from './synthetic-quarters.js';
import { inParallel, waitUntil } from '../../common/wait-until.js';

export interface SimulationOptions {
  seed?: number;
  firstQuarter?: string;
  quarters?: number;
  /** Progress lines (one per quarter); silent by default. */
  out?: (line: string) => void;
  timeoutMs?: number;
}

export interface SimulationResult {
  table: string;
  reports: (SweepReport & { durationMs: number })[];
}

const LOADER: Actor = { name: 'intervention-simulation', role: 'board' };
/** Synthetic reviewers: the simulation stands in for Board staff, and says so on every decision. */
const REVIEWER: Actor = { name: 'simulated-board-review', role: 'board' };
const BOARD_MEETING: Actor = { name: 'simulated-board-meeting', role: 'board' };

const until = <T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> =>
  waitUntil(check, { timeoutMs, timedOut: () => `timed out waiting for ${what}` });

/**
 * Eight quarters (by default) for every CCG of the register on synthetic facts, through the real
 * pipeline of a running app (role `all`): each quarter is submitted as a batch, swept, and its
 * proposals confirmed by a synthetic reviewer (levels ≥ 4 by a synthetic "Board meeting", since
 * they are never issued without a decision), so that the next quarter reads them as history.
 * Returns the ladder counts per quarter as a text table.
 */
export async function runInterventionSimulation(app: INestApplicationContext, options: SimulationOptions = {}): Promise<SimulationResult> {
  const { seed = 1, firstQuarter = '2013-Q1', quarters = 8, out = () => undefined, timeoutMs = 600_000 } = options;
  const prisma = app.get(PrismaService);
  const intake = app.get(IntakeService, { strict: false });
  const review = app.get(ReviewService, { strict: false });
  const sweeps = app.get(SweepService, { strict: false });
  const ccgs = (await prisma.ccg.findMany({ select: { odsCode: true }, orderBy: { odsCode: 'asc' } })).map((c) => c.odsCode);
  const reports: SimulationResult['reports'] = [];

  for (const [i, quarter] of quarterRange(firstQuarter, quarters).entries()) {
    const items = ccgs.map((subject) => ({
      family: INTERVENTION_FAMILY,
      subject,
      period: quarter,
      provenance: 'synthetic',
      facts: syntheticQuarterFacts(subject, i, seed),
    }));
    const results = await intake.submitBatch(items, LOADER);
    const rejected = results.filter((r) => r.status === 'rejected');
    if (rejected.length > 0) throw new Error(`${quarter}: synthetic facts rejected: ${JSON.stringify(rejected.slice(0, 3))}`);

    const { id } = await sweeps.request(quarter, LOADER);
    const sweep = await until(
      async () => {
        const s = await prisma.interventionSweep.findUnique({ where: { id } });
        return s?.status === 'completed' || s?.status === 'failed' ? s : undefined;
      },
      timeoutMs,
      `sweep of ${quarter}`,
    );
    if (sweep.status === 'failed') throw new Error(`sweep of ${quarter} failed: ${sweep.error}`);
    const report = sweep.report as unknown as SweepReport;
    reports.push({ ...report, durationMs: sweep.durationMs ?? 0 });

    const proposed = await prisma.decision.findMany({
      where: { status: 'proposed', assessment: { family: INTERVENTION_FAMILY, period: quarter } },
      select: { id: true, proposedOutcome: true },
    });
    await inParallel(proposed, 4, async (d) => {
      const human = (d.proposedOutcome as { humanDecisionRequired?: boolean }).humanDecisionRequired === true;
      await review.confirm(
        d.id,
        { note: human ? 'Synthetic simulation: stands in for the decision of a Board meeting.' : 'Synthetic simulation: confirmed unchanged.' },
        human ? BOARD_MEETING : REVIEWER,
      );
    });
    out(
      `${quarter}: ${report.factsIn} CCGs swept in ${((sweep.durationMs ?? 0) / 1000).toFixed(1)} s; ${report.movedUp.length} up, ${report.movedDown.length} down; ${proposed.length} decisions issued`,
    );
  }

  const dashboard = await app.get(InterventionService, { strict: false }).dashboard();
  return { table: formatLadderTable(dashboard.quarters, reports), reports };
}

/** The ladder counts per quarter, with who moved, as a fixed-width table. */
export function formatLadderTable(
  rows: { quarter: string; levels: Record<string, number> }[],
  reports: { quarter: string; movedUp: unknown[]; movedDown: unknown[]; durationMs: number }[],
): string {
  const head = ['quarter', 'L0', 'L1', 'L2', 'L3', 'L4', 'L5', 'up', 'down', 'sweep s'];
  const lines = rows.map((r) => {
    const rep = reports.find((x) => x.quarter === r.quarter);
    return [
      r.quarter,
      ...['0', '1', '2', '3', '4', '5'].map((l) => String(r.levels[l] ?? 0)),
      rep ? String(rep.movedUp.length) : '',
      rep ? String(rep.movedDown.length) : '',
      rep ? (rep.durationMs / 1000).toFixed(1) : '',
    ];
  });
  const widths = head.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c].length)));
  const fmt = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return ['Intervention ladder: CCGs at each level per quarter (synthetic data)', fmt(head), ...lines.map(fmt)].join('\n');
}
