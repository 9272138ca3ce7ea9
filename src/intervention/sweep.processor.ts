import { GracefulWorkerHost } from '../common/graceful-worker-host.js';
import { InjectQueue, OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { SWEEP_JOB, SWEEP_QUEUE, SWEEP_SCHEDULE, SWEEP_SCHEDULER_ID, type SweepJobData } from './sweep.job.js';
import { SweepService } from './sweep.service.js';

/** Thin glue between BullMQ and SweepService; registers the quarterly schedule (worker role). */
@Processor(SWEEP_QUEUE)
export class SweepProcessor extends GracefulWorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(SweepProcessor.name);

  constructor(
    private readonly sweeps: SweepService,
    @InjectQueue(SWEEP_QUEUE) private readonly queue: Queue<SweepJobData>,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // Upserting is idempotent: any number of workers register the same one schedule. Not awaited:
    // Redis being away at start-up must not hold the worker up (the command waits for Redis).
    this.queue
      .upsertJobScheduler(SWEEP_SCHEDULER_ID, { pattern: SWEEP_SCHEDULE, tz: 'Europe/London' }, { name: SWEEP_JOB, data: {} })
      .catch((error: Error) => this.logger.warn({ msg: 'quarterly sweep schedule not registered', error: error.message }));
  }

  async process(job: Job<SweepJobData>) {
    const sweepId = job.data.sweepId ?? (await this.sweeps.requestScheduled());
    if (!sweepId) return { skipped: 'no intervention facts are in yet' };
    const report = await this.sweeps.run(sweepId);
    return { sweepId, quarter: report.quarter, movedUp: report.movedUp.length, movedDown: report.movedDown.length };
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.error({ msg: 'sweep worker error', error: error.message });
  }
}
