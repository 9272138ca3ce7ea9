import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { EVALUATE_JOB, EVALUATION_QUEUE, evaluateJobOptions, type EvaluateJobData } from './evaluation.job.js';

/** How long intake waits for Redis to take new jobs before it answers anyway. */
const ENQUEUE_WAIT_MS = 1000;

/** Puts assessments on the evaluation queue. Enqueueing happens after the assessment is
 *  committed; if Redis is down the assessment stays `queued` and the reconciler retries. */
@Injectable()
export class EvaluationQueueService {
  private readonly logger = new Logger(EvaluationQueueService.name);

  constructor(@InjectQueue(EVALUATION_QUEUE) private readonly queue: Queue<EvaluateJobData>) {}

  async enqueue(assessmentIds: string[]): Promise<boolean> {
    if (assessmentIds.length === 0) return true;
    const adding = this.queue.addBulk(
      assessmentIds.map((assessmentId) => ({ name: EVALUATE_JOB, data: { assessmentId }, opts: evaluateJobOptions(assessmentId) })),
    );
    // While Redis is away, BullMQ's client holds commands until it reconnects. The assessments are
    // committed already, so answer after a short wait: the add completes when Redis returns, and
    // the reconciler queues whatever is still missing then.
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ENQUEUE_WAIT_MS)));
    try {
      if ((await Promise.race([adding, timedOut])) === 'timeout') {
        adding.catch(() => undefined);
        this.logger.warn({ msg: 'enqueue is waiting for Redis; the reconciler will queue what is left', count: assessmentIds.length });
        return false;
      }
      return true;
    } catch (error) {
      this.logger.warn({ msg: 'enqueue failed; the reconciler will retry', count: assessmentIds.length, error: (error as Error).message });
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The state of an assessment's job, or undefined when Redis holds none. */
  async jobState(assessmentId: string): Promise<string | undefined> {
    const job = await this.queue.getJob(assessmentId);
    return job ? await job.getState() : undefined;
  }

  /** Drops a finished job so that the same id can be enqueued again. */
  async removeFinished(assessmentId: string): Promise<void> {
    const job = await this.queue.getJob(assessmentId);
    if (job && ((await job.isCompleted()) || (await job.isFailed()))) await job.remove();
  }
}
