import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../auth/actor.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { EvaluationQueueService } from './evaluation-queue.service.js';
import { PeriodicTask } from '../common/periodic-task.js';

const BATCH = 1000;

/**
 * PostgreSQL is the source of truth, Redis only transport: an assessment left `queued` or
 * `evaluating` with no live job (a crash between commit and enqueue, Redis emptied or lost) is
 * put back on the queue. Several workers may reconcile at once; job ids make that harmless.
 */
@Injectable()
export class ReconcilerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReconcilerService.name);
  // A slow pass (a large backlog) is not overlapped by the next one.
  private readonly task = new PeriodicTask(
    () => this.reconcileOnce(),
    (e) => this.logger.warn({ msg: 'reconcile failed', error: e.message }),
  );

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly queue: EvaluationQueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.RECONCILE_INTERVAL_MS === 0) return;
    this.task.start(this.config.RECONCILE_INTERVAL_MS, { immediately: true });
  }

  /** Early in shutdown, while the database is still open. */
  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  async reconcileOnce(graceMs = this.config.RECONCILE_GRACE_MS): Promise<{ checked: number; requeued: string[] }> {
    const staleBefore = new Date(Date.now() - graceMs);
    const stale = await this.prisma.assessment.findMany({
      where: { status: { in: ['queued', 'evaluating'] }, updatedAt: { lt: staleBefore } },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
      take: BATCH,
    });
    const lost: string[] = [];
    for (const { id } of stale) {
      const state = await this.queue.jobState(id);
      if (state === undefined || state === 'unknown' || state === 'completed' || state === 'failed') lost.push(id);
    }
    // The list above was read before the job states: under a backlog, a job may have finished
    // (and its evaluation committed) in between. Only rows still waiting now are lost.
    const requeue =
      lost.length === 0
        ? []
        : (
            await this.prisma.assessment.findMany({
              where: { id: { in: lost }, status: { in: ['queued', 'evaluating'] }, updatedAt: { lt: staleBefore } },
              select: { id: true },
            })
          ).map((a) => a.id);
    // A finished job keeps its id in Redis: drop it so that the same id can be queued again.
    for (const id of requeue) await this.queue.removeFinished(id);
    if (requeue.length > 0 && (await this.queue.enqueue(requeue))) {
      await this.prisma.$transaction(async (tx) => {
        await this.audit.append(tx, {
          actor: SYSTEM_ACTOR,
          action: 'assessments.requeued',
          entityType: 'assessment',
          entityId: requeue.length === 1 ? requeue[0] : 'batch',
          payload: { ids: requeue },
        });
      });
      this.logger.warn({ msg: 'requeued assessments with no live job', count: requeue.length });
    }
    return { checked: stale.length, requeued: requeue };
  }
}
