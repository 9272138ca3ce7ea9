import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { Prisma } from '../generated/prisma/client.js';
import type { Actor } from '../auth/actor.js';
import { IntakeService } from '../assessments/intake.service.js';
import { DomainError } from '../common/domain-error.js';
import { quarterEnd, quarterStart } from '../common/quarter.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { RulesService } from '../rules/rules.service.js';
import { SweepRunner, type SweepLedger } from '../sweeps/sweep-runner.service.js';
import { BARRIER_ESCALATION_FAMILY } from './barrier-escalation.family.js';
import { BARRIER_SWEEP_JOB, BARRIER_SWEEP_QUEUE, type BarrierSweepJobData } from './sweep.job.js';
import { requestedSweepJobOptions } from '../sweeps/sweep-job.js';
import { barrierSweepReport, type BarrierSweepReport, type BarrierSweepSubmission } from './sweep.report.js';

const today = (): string => new Date().toISOString().slice(0, 10);

/** Barrier sweeps are rows of `barrier_sweeps`; what the request submitted is kept on the row. */
const ledger = (submission?: BarrierSweepSubmission): SweepLedger => ({
  entityType: 'barrier-sweep',
  actions: 'barrier-escalation.sweep',
  create: (tx, row) => tx.barrierSweep.create({ data: { ...row, submission: (submission ?? {}) as unknown as Prisma.InputJsonValue } }),
  update: (db, id, change) => db.barrierSweep.update({ where: { id }, data: change }),
});

/** The sweep's rows and its run, in API and worker processes alike. */
@Injectable()
export class BarrierSweepService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly runner: SweepRunner,
  ) {}

  async get(id: string) {
    const sweep = await this.prisma.barrierSweep.findUnique({ where: { id } });
    if (!sweep) throw DomainError.notFound('sweep', id);
    return sweep;
  }

  /** The workers evaluate what the request submitted (and anything of the quarter still pending
   *  or failed), then the quarter's figures are written on the row. */
  async run(sweepId: string): Promise<BarrierSweepReport> {
    const sweep = await this.get(sweepId);
    const submission = sweep.submission as unknown as BarrierSweepSubmission;
    return this.runner.run(
      ledger(),
      sweepId,
      async () => {
        const { evaluatedBySweep, assessments } = await this.runner.evaluate(BARRIER_ESCALATION_FAMILY, sweep.quarter, {
          ledger: ledger(),
          id: sweepId,
        });
        const decisions = await this.runner.latestDecisions(assessments.map((a) => a.id));
        const swept = assessments.map((a) => {
          const d = decisions.get(a.id);
          return { subject: a.subject, status: a.status, action: d ? (d.finalKey ?? d.proposedKey) : null, error: a.error };
        });
        return barrierSweepReport(sweep.quarter, submission, swept, evaluatedBySweep);
      },
      (report) => ({
        quarter: report.quarter,
        subjects: report.subjects,
        evaluatedBySweep: report.evaluatedBySweep,
        inLetter: report.inLetter.length,
        chased: report.chased.length,
        failed: report.failed.length,
      }),
    );
  }
}

/**
 * A sweep request (API processes, where intake runs): for the quarter, one escalation assessment
 * per open subject — every national issue not merged with a barrier raised by the day assessed,
 * and every barrier triaged national under no issue — through intake, so the workers evaluate it
 * like any other. The day assessed is the quarter's last day, or today for a quarter not over. A
 * subject already assessed for the quarter is not submitted again (the sweep evaluates it if it is
 * pending), even one submitted by hand while the sweep was being requested (intake checks under
 * the key's lock); a fresh assessment submitted by hand supersedes a pending one, an amendment an issued one.
 */
@Injectable()
export class BarrierSweepRequests {
  constructor(
    private readonly prisma: PrismaService,
    private readonly runner: SweepRunner,
    private readonly rules: RulesService,
    private readonly modules: ModuleRef,
    @InjectQueue(BARRIER_SWEEP_QUEUE) private readonly queue: Queue<BarrierSweepJobData>,
  ) {}

  /** The application's intake (AssessmentsModule's, in API processes): importing that dynamic
   *  module here would start a second copy of it, evaluation worker and all. */
  private get intake(): IntakeService {
    return this.modules.get(IntakeService, { strict: false });
  }

  async request(quarter: string, actor: Actor) {
    this.rules.effectiveFor(this.rules.family(BARRIER_ESCALATION_FAMILY), quarter, 'quarter');
    const now = today();
    if (quarterStart(quarter) > now) throw DomainError.invalid([{ field: 'quarter', message: `${quarter} has not begun (today is ${now})` }]);
    const asOf = quarterEnd(quarter) < now ? quarterEnd(quarter) : now;

    const open = await this.openSubjects(asOf);
    // Read first to spare validating what is plainly assessed; intake checks again under each
    // key's lock, so an assessment submitted by hand meanwhile is left alone, not superseded.
    const assessed = new Set((await this.runner.latestAssessments(BARRIER_ESCALATION_FAMILY, quarter)).map((a) => a.subject));
    const fresh = open.filter((s) => !assessed.has(s.ref));
    const results =
      fresh.length > 0
        ? await this.intake.submitBatch(
            fresh.map((s) => ({
              family: BARRIER_ESCALATION_FAMILY,
              subject: s.ref,
              period: quarter,
              provenance: s.synthetic ? 'synthetic' : 'submitted',
              facts: { asOf },
            })),
            actor,
            { skipIfAssessed: true },
          )
        : [];
    for (const r of results) if (r.status === 'already-assessed') assessed.add(fresh[r.index].ref);
    const submission: BarrierSweepSubmission = {
      asOf,
      subjects: open.map((s) => s.ref),
      submitted: results.filter((r) => r.status === 'queued').map((r) => fresh[r.index].ref),
      alreadyAssessed: open.filter((s) => assessed.has(s.ref)).map((s) => s.ref),
      refused: results
        .filter((r) => r.status === 'rejected')
        .map((r) => ({ subject: fresh[r.index].ref, message: [r.message, ...(r.issues ?? []).map((i) => `${i.field}: ${i.message}`)].join('; ') })),
    };
    const id = await this.runner.record(ledger(submission), quarter, actor, {
      asOf,
      subjects: submission.subjects.length,
      submitted: submission.submitted.length,
      alreadyAssessed: submission.alreadyAssessed.length,
      refused: submission.refused.length,
    });
    await this.queue.add(BARRIER_SWEEP_JOB, { sweepId: id }, requestedSweepJobOptions(id));
    return { id, status: 'queued', quarter, ...submission };
  }

  /** National issues (not merged) with a live barrier raised by `asOf`, and live barriers triaged
   *  national under no issue; synthetic when any of their barriers is. */
  private async openSubjects(asOf: string): Promise<{ ref: string; synthetic: boolean }[]> {
    const by = new Date(`${asOf}T00:00:00Z`);
    const live = { status: { not: 'withdrawn' }, raisedOn: { lte: by } };
    const issues = await this.prisma.nationalIssue.findMany({
      where: { status: { not: 'merged' }, barriers: { some: live } },
      select: { ref: true, barriers: { where: live, select: { provenance: true } } },
      orderBy: { ref: 'asc' },
    });
    const lone = await this.prisma.barrier.findMany({
      where: { ...live, nationalIssueId: null, triage: 'national' },
      select: { ref: true, provenance: true },
      orderBy: { ref: 'asc' },
    });
    return [
      ...issues.map((i) => ({ ref: i.ref, synthetic: i.barriers.some((b) => b.provenance === 'synthetic') })),
      ...lone.map((b) => ({ ref: b.ref, synthetic: b.provenance === 'synthetic' })),
    ];
  }
}
