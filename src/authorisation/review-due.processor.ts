import { GracefulWorkerHost } from '../common/graceful-worker-host.js';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { REVIEW_DUE_QUEUE, type ReviewDueJobData } from './review-due.job.js';
import { ReviewScheduleService } from './review-schedule.service.js';

/** Thin glue between BullMQ and the review schedule. */
@Processor(REVIEW_DUE_QUEUE)
export class ReviewDueProcessor extends GracefulWorkerHost {
  constructor(private readonly schedule: ReviewScheduleService) {
    super();
  }

  process(job: Job<ReviewDueJobData>) {
    return this.schedule.markDue(job.data);
  }
}
