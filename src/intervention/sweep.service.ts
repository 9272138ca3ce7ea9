import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.js';
import { EvaluationQueueService } from '../assessments/evaluation-queue.service.js';
import { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR, type Actor } from '../auth/actor.js';
import { DomainError } from '../common/domain-error.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { INTERVENTION_FAMILY } from './intervention.family.js';
import { quarterIndex } from './quarter.js';
import { SWEEP_JOB, SWEEP_QUEUE, sweepJobOptions, type SweepJobData } from './sweep.job.js';
import { sweepReport, type SweptCcg, type SweepReport } from './sweep.report.js';
import { waitUntil } from '../common/wait-until.js';

const PENDING = new Set(['queued', 'evaluating', 'failed']);
/** How long a sweep waits for the workers to evaluate what it queued before it fails (and its
 *  job is retried). */
const EVALUATION_WAIT_MS = 10 * 60_000;
const POLL_MS = 200;

type OutcomeLevels = { level?: unknown; previousLevel?: unknown; humanDecisionRequired?: unknown };

/**
 * The quarterly sweep: for every CCG whose facts for the quarter are in, makes sure the latest
 * assessment is evaluated — through the evaluation queue, so the workers' retries, metrics and
 * permanent/transient errors apply — then reports who moved up or down against the level in
 * force. Sweeps are rows; each is audited.
 */
@Injectable()
export class SweepService {
  private readonly logger = new Logger(SweepService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly evaluations: EvaluationQueueService,
    @InjectQueue(SWEEP_QUEUE) private readonly queue: Queue<SweepJobData>,
  ) {}

  /** Records a sweep request and queues it. */
  async request(quarter: string, actor: Actor): Promise<{ id: string; status: string }> {
    const id = randomUUID();
    await this.prisma.$transaction(async (tx) => {
      await tx.interventionSweep.create({ data: { id, quarter, status: 'queued', requestedBy: actor.name } });
      await this.audit.append(tx, {
        actor,
        action: 'intervention.sweep.requested',
        entityType: 'intervention-sweep',
        entityId: id,
        payload: { quarter },
      });
    });
    await this.queue.add(SWEEP_JOB, { sweepId: id }, sweepJobOptions(id));
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
    const id = randomUUID();
    await this.prisma.$transaction(async (tx) => {
      await tx.interventionSweep.create({ data: { id, quarter: latest, status: 'queued', requestedBy: 'scheduler' } });
      await this.audit.append(tx, {
        actor: SYSTEM_ACTOR,
        action: 'intervention.sweep.requested',
        entityType: 'intervention-sweep',
        entityId: id,
        payload: { quarter: latest, scheduled: true },
      });
    });
    return id;
  }

  async run(sweepId: string): Promise<SweepReport> {
    const sweep = await this.get(sweepId);
    const started = Date.now();
    await this.prisma.interventionSweep.update({ where: { id: sweepId }, data: { status: 'running', startedAt: new Date(started) } });
    try {
      const report = await this.sweep(sweep.quarter, sweepId);
      const durationMs = Date.now() - started;
      await this.prisma.$transaction(async (tx) => {
        await tx.interventionSweep.update({
          where: { id: sweepId },
          data: { status: 'completed', finishedAt: new Date(), durationMs, report: report as unknown as Prisma.InputJsonValue, error: null },
        });
        await this.audit.append(tx, {
          actor: SYSTEM_ACTOR,
          action: 'intervention.sweep.completed',
          entityType: 'intervention-sweep',
          entityId: sweepId,
          payload: {
            quarter: report.quarter,
            factsIn: report.factsIn,
            evaluatedBySweep: report.evaluatedBySweep,
            movedUp: report.movedUp.length,
            movedDown: report.movedDown.length,
            failed: report.failed.length,
            durationMs,
          },
        });
      });
      this.logger.log({ msg: 'intervention sweep completed', sweepId, quarter: report.quarter, durationMs });
      return report;
    } catch (error) {
      const message = (error as Error).message.slice(0, 2000);
      await this.prisma.$transaction(async (tx) => {
        await tx.interventionSweep.update({ where: { id: sweepId }, data: { status: 'failed', finishedAt: new Date(), error: message } });
        await this.audit.append(tx, {
          actor: SYSTEM_ACTOR,
          action: 'intervention.sweep.failed',
          entityType: 'intervention-sweep',
          entityId: sweepId,
          payload: { error: message },
        });
      });
      throw error;
    }
  }

  private async sweep(quarter: string, sweepId: string): Promise<SweepReport> {
    const register = (await this.prisma.ccg.findMany({ select: { odsCode: true }, orderBy: { odsCode: 'asc' } })).map((c) => c.odsCode);
    const pending = (await this.latestAssessments(quarter)).filter((a) => PENDING.has(a.status));
    await this.queueForEvaluation(pending, sweepId);
    await this.untilEvaluated(
      pending.map((a) => a.id),
      quarter,
    );
    const swept = await this.read(await this.latestAssessments(quarter));
    return sweepReport(quarter, register, swept, pending.length);
  }

  /** Hands what is not yet evaluated to the workers. A failed one is given another go (audited);
   *  one already queued or in a worker's hands keeps its job (adding the same job id again is a
   *  no-op), and one whose job was lost gets a new one. */
  private async queueForEvaluation(pending: { id: string; status: string }[], sweepId: string): Promise<void> {
    const failed = pending.filter((a) => a.status === 'failed').map((a) => a.id);
    if (failed.length > 0) {
      await this.prisma.$transaction(async (tx) => {
        await tx.assessment.updateMany({ where: { id: { in: failed }, status: 'failed' }, data: { status: 'queued', error: null } });
        await this.audit.append(tx, {
          actor: SYSTEM_ACTOR,
          action: 'assessments.requeued',
          entityType: 'intervention-sweep',
          entityId: sweepId,
          payload: { ids: failed, reason: 'failed before the quarterly sweep; evaluated again' },
        });
      });
    }
    for (const id of pending.map((a) => a.id)) {
      const state = await this.evaluations.jobState(id);
      if (state === 'completed' || state === 'failed') await this.evaluations.removeFinished(id);
    }
    if (!(await this.evaluations.enqueue(pending.map((a) => a.id))))
      throw new Error("the evaluation queue did not take the sweep's assessments (is Redis up?)");
  }

  /** Waits until the workers have evaluated (or given up on) every assessment the sweep queued. */
  private async untilEvaluated(ids: string[], quarter: string): Promise<void> {
    let open = ids.length;
    await waitUntil(
      async () => (open = await this.prisma.assessment.count({ where: { id: { in: ids }, status: { in: ['queued', 'evaluating'] } } })) === 0,
      {
        timeoutMs: EVALUATION_WAIT_MS,
        intervalMs: POLL_MS,
        timedOut: () => `${open} assessments of ${quarter} were not evaluated within ${EVALUATION_WAIT_MS / 60_000} minutes`,
      },
    );
  }

  /** The latest intervention assessment of each CCG for the quarter. */
  private async latestAssessments(quarter: string) {
    return this.prisma.assessment.findMany({
      where: { family: INTERVENTION_FAMILY, period: quarter },
      distinct: ['subject'],
      orderBy: [{ subject: 'asc' }, { createdAt: 'desc' }],
      select: { id: true, subject: true, status: true, error: true },
    });
  }

  private async read(assessments: { id: string; subject: string; status: string; error: string | null }[]): Promise<SweptCcg[]> {
    const decisions = await this.prisma.decision.findMany({
      where: { assessmentId: { in: assessments.map((a) => a.id) } },
      orderBy: { createdAt: 'desc' },
      select: { assessmentId: true, proposedOutcome: true, finalOutcome: true },
    });
    const byAssessment = new Map<string, (typeof decisions)[number]>();
    for (const d of decisions) if (!byAssessment.has(d.assessmentId)) byAssessment.set(d.assessmentId, d);
    return assessments.map((a) => {
      const d = byAssessment.get(a.id);
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
