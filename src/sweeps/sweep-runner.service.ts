import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.js';
import { EvaluationQueueService } from '../assessments/evaluation-queue.service.js';
import { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR, type Actor } from '../auth/actor.js';
import { waitUntil } from '../common/wait-until.js';
import { PrismaService, type Tx } from '../prisma/prisma.service.js';

/** Assessments a sweep hands to the workers: not yet evaluated, or failed before it. */
const PENDING = new Set(['queued', 'evaluating', 'failed']);
/** How long a sweep waits for the workers to evaluate what it queued before it fails (and its
 *  job is retried). */
const EVALUATION_WAIT_MS = 10 * 60_000;
const POLL_MS = 200;

export interface SweepRow {
  id: string;
  quarter: string;
  status: 'queued';
  requestedBy: string;
}

export interface SweepChange {
  status: 'running' | 'completed' | 'failed';
  startedAt?: Date;
  finishedAt?: Date;
  durationMs?: number;
  report?: Prisma.InputJsonValue;
  error?: string | null;
}

/**
 * Where a family records its sweeps (a table of its own with the columns of SweepRow and
 * SweepChange) and how its audit events are named: `<actions>.requested`, `.completed`, `.failed`.
 */
export interface SweepLedger {
  /** The audit entity type of a sweep, e.g. `intervention-sweep`. */
  readonly entityType: string;
  /** The prefix of its audit actions, e.g. `intervention.sweep`. */
  readonly actions: string;
  create(tx: Tx, row: SweepRow): Promise<unknown>;
  update(db: Tx | PrismaService, id: string, change: SweepChange): Promise<unknown>;
}

/** The latest assessment of a subject for the swept period. */
export interface SweptAssessment {
  id: string;
  subject: string;
  status: string;
  error: string | null;
}

/** The latest decision on an assessment: what was proposed, and what was issued if it was. */
export interface SweptDecision {
  status: string;
  proposedKey: string;
  finalKey: string | null;
  proposedOutcome: unknown;
  finalOutcome: unknown;
}

/**
 * What every quarterly sweep does, whatever its family: a sweep is a row and audited when
 * requested, run, completed or failed; the latest assessment of each subject for the period that
 * is not evaluated yet goes to the evaluation queue — so the workers' retries, metrics and
 * permanent/transient errors apply — and the sweep waits for them. The family folds what it reads
 * back into its own report.
 */
@Injectable()
export class SweepRunner {
  private readonly logger = new Logger(SweepRunner.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly evaluations: EvaluationQueueService,
  ) {}

  /** Writes the sweep's row and its `requested` audit event; a scheduled one is the system's. */
  async record(ledger: SweepLedger, quarter: string, actor: Actor | 'scheduler', payload: Record<string, unknown> = {}): Promise<string> {
    const id = randomUUID();
    const scheduled = actor === 'scheduler';
    await this.prisma.$transaction(async (tx) => {
      await ledger.create(tx, { id, quarter, status: 'queued', requestedBy: scheduled ? 'scheduler' : actor.name });
      await this.audit.append(tx, {
        actor: scheduled ? SYSTEM_ACTOR : actor,
        action: `${ledger.actions}.requested`,
        entityType: ledger.entityType,
        entityId: id,
        payload: { quarter, ...payload, ...(scheduled ? { scheduled: true } : {}) },
      });
    });
    return id;
  }

  /** Runs a recorded sweep: `running`, then `completed` with its report (the audit event carries
   *  `summary` of it), or `failed` with the error, which is thrown again so the job is retried. */
  async run<R>(ledger: SweepLedger, sweepId: string, work: () => Promise<R>, summary: (report: R) => Record<string, unknown>): Promise<R> {
    const started = Date.now();
    await ledger.update(this.prisma, sweepId, { status: 'running', startedAt: new Date(started) });
    try {
      const report = await work();
      const durationMs = Date.now() - started;
      await this.prisma.$transaction(async (tx) => {
        await ledger.update(tx, sweepId, {
          status: 'completed',
          finishedAt: new Date(),
          durationMs,
          report: report as unknown as Prisma.InputJsonValue,
          error: null,
        });
        await this.audit.append(tx, {
          actor: SYSTEM_ACTOR,
          action: `${ledger.actions}.completed`,
          entityType: ledger.entityType,
          entityId: sweepId,
          payload: { ...summary(report), durationMs },
        });
      });
      this.logger.log({ msg: `${ledger.entityType} completed`, sweepId, durationMs });
      return report;
    } catch (error) {
      const message = (error as Error).message.slice(0, 2000);
      await this.prisma.$transaction(async (tx) => {
        await ledger.update(tx, sweepId, { status: 'failed', finishedAt: new Date(), error: message });
        await this.audit.append(tx, {
          actor: SYSTEM_ACTOR,
          action: `${ledger.actions}.failed`,
          entityType: ledger.entityType,
          entityId: sweepId,
          payload: { error: message },
        });
      });
      throw error;
    }
  }

  /** The latest assessment of each subject of a family for the period. */
  latestAssessments(family: string, period: string): Promise<SweptAssessment[]> {
    return this.prisma.assessment.findMany({
      where: { family, period },
      distinct: ['subject'],
      orderBy: [{ subject: 'asc' }, { createdAt: 'desc' }],
      select: { id: true, subject: true, status: true, error: true },
    });
  }

  /** Has the workers evaluate every latest assessment of the period not yet evaluated, waits for
   *  them, and returns the latest assessments as they then stand. */
  async evaluate(
    family: string,
    period: string,
    sweep: { ledger: SweepLedger; id: string },
  ): Promise<{ evaluatedBySweep: number; assessments: SweptAssessment[] }> {
    const pending = (await this.latestAssessments(family, period)).filter((a) => PENDING.has(a.status));
    await this.queueForEvaluation(pending, sweep);
    await this.untilEvaluated(
      pending.map((a) => a.id),
      period,
    );
    return { evaluatedBySweep: pending.length, assessments: await this.latestAssessments(family, period) };
  }

  /** The latest decision of each assessment, by assessment id. */
  async latestDecisions(assessmentIds: string[]): Promise<Map<string, SweptDecision>> {
    const decisions = await this.prisma.decision.findMany({
      where: { assessmentId: { in: assessmentIds } },
      orderBy: { createdAt: 'desc' },
      select: { assessmentId: true, status: true, proposedKey: true, finalKey: true, proposedOutcome: true, finalOutcome: true },
    });
    const byAssessment = new Map<string, SweptDecision>();
    for (const { assessmentId, ...d } of decisions) if (!byAssessment.has(assessmentId)) byAssessment.set(assessmentId, d);
    return byAssessment;
  }

  /** Hands what is not yet evaluated to the workers. A failed one is given another go (audited);
   *  one already queued or in a worker's hands keeps its job (adding the same job id again is a
   *  no-op), and one whose job was lost gets a new one. */
  private async queueForEvaluation(pending: SweptAssessment[], sweep: { ledger: SweepLedger; id: string }): Promise<void> {
    const failed = pending.filter((a) => a.status === 'failed').map((a) => a.id);
    if (failed.length > 0) {
      await this.prisma.$transaction(async (tx) => {
        // Only those still failed: one superseded or requeued meanwhile is not requeued, nor audited as such.
        const requeued = await tx.$queryRawUnsafe<{ id: string }[]>(
          `UPDATE assessments SET status = 'queued', error = NULL, updated_at = now()
           WHERE id = ANY($1::text[]::uuid[]) AND status = 'failed'
           RETURNING id::text AS id`,
          failed,
        );
        if (requeued.length === 0) return;
        const ids = new Set(requeued.map((r) => r.id));
        await this.audit.append(tx, {
          actor: SYSTEM_ACTOR,
          action: 'assessments.requeued',
          entityType: sweep.ledger.entityType,
          entityId: sweep.id,
          payload: { ids: failed.filter((id) => ids.has(id)), reason: 'failed before the quarterly sweep; evaluated again' },
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
  private async untilEvaluated(ids: string[], period: string): Promise<void> {
    let open = ids.length;
    await waitUntil(
      async () => (open = await this.prisma.assessment.count({ where: { id: { in: ids }, status: { in: ['queued', 'evaluating'] } } })) === 0,
      {
        timeoutMs: EVALUATION_WAIT_MS,
        intervalMs: POLL_MS,
        timedOut: () => `${open} assessments of ${period} were not evaluated within ${EVALUATION_WAIT_MS / 60_000} minutes`,
      },
    );
  }
}
