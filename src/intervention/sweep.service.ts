import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Actor } from '../auth/actor.js';
import { DomainError } from '../common/domain-error.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { SweepRunner, type SweepLedger } from '../sweeps/sweep-runner.service.js';
import { INTERVENTION_FAMILY } from './intervention.family.js';
import { notBegunProblem, quarterIndex } from './quarter.js';
import { SWEEP_JOB, SWEEP_QUEUE, type SweepJobData } from './sweep.job.js';
import { requestedSweepJobOptions } from '../sweeps/sweep-job.js';
import { sweepReport, type SweptCcg, type SweepReport } from './sweep.report.js';

type OutcomeLevels = { level?: unknown; previousLevel?: unknown; humanDecisionRequired?: unknown };

/** Intervention sweeps are rows of `intervention_sweeps`. */
const LEDGER: SweepLedger = {
  entityType: 'intervention-sweep',
  actions: 'intervention.sweep',
  create: (tx, row) => tx.interventionSweep.create({ data: row }),
  update: (db, id, change) => db.interventionSweep.update({ where: { id }, data: change }),
};

/**
 * The quarterly sweep: for every CCG whose facts for the quarter are in, makes sure the latest
 * assessment is evaluated — through the evaluation queue, by the shared SweepRunner — then reports
 * who moved up or down against the level in force. Sweeps are rows; each is audited.
 */
@Injectable()
export class SweepService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly runner: SweepRunner,
    @InjectQueue(SWEEP_QUEUE) private readonly queue: Queue<SweepJobData>,
  ) {}

  /** Records a sweep request and queues it. A quarter that has not begun has no facts to sweep:
   *  a 422 naming `quarter`. */
  async request(quarter: string, actor: Actor): Promise<{ id: string; status: string }> {
    const notBegun = notBegunProblem(quarter, new Date().toISOString().slice(0, 10));
    if (notBegun) throw DomainError.invalid([{ field: 'quarter', message: notBegun }]);
    const id = await this.runner.record(LEDGER, quarter, actor);
    await this.queue.add(SWEEP_JOB, { sweepId: id }, requestedSweepJobOptions(id));
    return { id, status: 'queued' };
  }

  async get(id: string) {
    const sweep = await this.prisma.interventionSweep.findUnique({ where: { id } });
    if (!sweep) throw DomainError.notFound('sweep', id);
    return sweep;
  }

  /** A scheduled sweep: the latest quarter for which any intervention facts are in. */
  async requestScheduled(): Promise<string | undefined> {
    const periods = await this.prisma.assessment.findMany({ where: { family: INTERVENTION_FAMILY }, distinct: ['period'], select: { period: true } });
    const latest = periods.map((p) => p.period).sort((a, b) => quarterIndex(b) - quarterIndex(a))[0];
    if (!latest) return undefined;
    return this.runner.record(LEDGER, latest, 'scheduler');
  }

  async run(sweepId: string): Promise<SweepReport> {
    const sweep = await this.get(sweepId);
    return this.runner.run(
      LEDGER,
      sweepId,
      () => this.sweep(sweep.quarter, sweepId),
      (report) => ({
        quarter: report.quarter,
        factsIn: report.factsIn,
        evaluatedBySweep: report.evaluatedBySweep,
        movedUp: report.movedUp.length,
        movedDown: report.movedDown.length,
        failed: report.failed.length,
      }),
    );
  }

  private async sweep(quarter: string, sweepId: string): Promise<SweepReport> {
    const register = (await this.prisma.ccg.findMany({ select: { odsCode: true }, orderBy: { odsCode: 'asc' } })).map((c) => c.odsCode);
    const { evaluatedBySweep, assessments } = await this.runner.evaluate(INTERVENTION_FAMILY, quarter, { ledger: LEDGER, id: sweepId });
    return sweepReport(quarter, register, await this.read(assessments), evaluatedBySweep);
  }

  private async read(assessments: { id: string; subject: string; status: string; error: string | null }[]): Promise<SweptCcg[]> {
    const decisions = await this.runner.latestDecisions(assessments.map((a) => a.id));
    return assessments.map((a) => {
      const d = decisions.get(a.id);
      const o = (d?.finalOutcome ?? d?.proposedOutcome ?? {}) as OutcomeLevels;
      return {
        ccg: a.subject,
        status: a.status as SweptCcg['status'],
        level: typeof o.level === 'number' ? o.level : null,
        previousLevel: typeof o.previousLevel === 'number' ? o.previousLevel : null,
        humanDecisionRequired: o.humanDecisionRequired === true,
        error: a.error,
      };
    });
  }
}
