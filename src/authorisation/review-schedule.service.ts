import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../auth/actor.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { isUniqueViolation } from '../prisma/prisma-errors.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { CONDITION_ENTITY, lockCcgConditions } from './authorisation.records.js';
import { dayDate, isoDay } from './dates.js';
import { REVIEW_DUE_JOB, REVIEW_DUE_QUEUE, reviewDueJobOptions, type ReviewDueJobData } from './review-due.job.js';
import { PeriodicTask } from '../common/periodic-task.js';

/**
 * Scheduled condition reviews. PostgreSQL holds the conditions and their due dates; BullMQ holds
 * one delayed job per (condition, due date). The schedule is rebuilt from the database at
 * start-up and by a periodic sweep, so a Redis loss or a crash between issuing a decision and
 * scheduling loses nothing. When a job comes due it puts a "condition review due" item in the
 * Board's queue, once (unique per condition and due date), audited.
 */
@Injectable()
export class ReviewScheduleService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReviewScheduleService.name);
  private readonly task = new PeriodicTask(
    () => this.sweep(),
    (error) => this.logger.warn({ msg: 'review schedule sweep failed', error: error.message }),
  );

  constructor(
    @InjectQueue(REVIEW_DUE_QUEUE) private readonly queue: Queue<ReviewDueJobData>,
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.task.tick();
    // AUTHORISATION_REVIEW_SWEEP_MS: how often to look for open conditions with no review scheduled
    // (new, rescheduled or escalated ones, or all of them after Redis lost its jobs); 0 turns the
    // timer off, and the sweep still runs at start-up.
    const every = this.config.AUTHORISATION_REVIEW_SWEEP_MS;
    if (every > 0) this.task.start(every);
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  /** Schedules a job for every open condition whose current due date has no review-due item
   *  yet. Jobs already in Redis are kept (same job id). Returns how many were offered. */
  async sweep(now = Date.now()): Promise<number> {
    const open = await this.prisma.authorisationCondition.findMany({ where: { status: 'open' }, select: { id: true, odsCode: true, dueDate: true } });
    const due = await this.prisma.authorisationReviewDue.findMany({
      where: { conditionId: { in: open.map((c) => c.id) } },
      select: { conditionId: true, dueDate: true },
    });
    const seen = new Set(due.map((d) => `${d.conditionId}/${isoDay(d.dueDate)}`));
    const jobs = open
      .map((c) => ({ conditionId: c.id, odsCode: c.odsCode, dueDate: isoDay(c.dueDate) }))
      .filter((d) => !seen.has(`${d.conditionId}/${d.dueDate}`));
    for (let i = 0; i < jobs.length; i += 1000) {
      await this.queue.addBulk(jobs.slice(i, i + 1000).map((data) => ({ name: REVIEW_DUE_JOB, data, opts: reviewDueJobOptions(data, now) })));
    }
    return jobs.length;
  }

  /** The job's work: the item appears once, and only if the condition is still open and still
   *  due on that date (a review may have removed or rescheduled it since). The condition is read
   *  under its CCG's lock, so a review being issued is either waited for (and its change seen) or
   *  comes after, and resolves this item. */
  async markDue(data: ReviewDueJobData): Promise<'due' | 'stale' | 'already-due'> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        await lockCcgConditions(tx, data.odsCode);
        const c = await tx.authorisationCondition.findUnique({ where: { id: data.conditionId } });
        if (!c || c.status !== 'open' || isoDay(c.dueDate) !== data.dueDate) return 'stale';
        const id = randomUUID();
        await tx.authorisationReviewDue.create({ data: { id, conditionId: c.id, odsCode: c.odsCode, dueDate: dayDate(data.dueDate) } });
        await this.audit.append(tx, {
          actor: SYSTEM_ACTOR,
          action: 'authorisation.review.due',
          entityType: CONDITION_ENTITY,
          entityId: c.id,
          payload: { reviewDueId: id, odsCode: c.odsCode, criterion: c.criterion, level: c.level, dueDate: data.dueDate },
        });
        return 'due';
      });
    } catch (error) {
      if (isUniqueViolation(error)) return 'already-due';
      throw error;
    }
  }
}
