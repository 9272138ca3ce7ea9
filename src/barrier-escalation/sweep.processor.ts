import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { GracefulWorkerHost } from '../common/graceful-worker-host.js';
import { BARRIER_SWEEP_QUEUE, type BarrierSweepJobData } from './sweep.job.js';
import { BarrierSweepService } from './sweep.service.js';

/** Thin glue between BullMQ and BarrierSweepService (worker role). */
@Processor(BARRIER_SWEEP_QUEUE)
export class BarrierSweepProcessor extends GracefulWorkerHost {
  private readonly logger = new Logger(BarrierSweepProcessor.name);

  constructor(private readonly sweeps: BarrierSweepService) {
    super();
  }

  async process(job: Job<BarrierSweepJobData>) {
    const report = await this.sweeps.run(job.data.sweepId);
    return { sweepId: job.data.sweepId, quarter: report.quarter, inLetter: report.inLetter.length, chased: report.chased.length };
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.error({ msg: 'barrier sweep worker error', error: error.message });
  }
}
