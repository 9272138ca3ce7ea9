import type { JobsOptions } from 'bullmq';

/** The one place that decides the evaluation queue's names, job ids, retries and retention. */
export const EVALUATION_QUEUE = 'evaluations';
export const EVALUATE_JOB = 'evaluate';

export interface EvaluateJobData {
  assessmentId: string;
}

/**
 * jobId = assessment id, so enqueueing twice while a job is kept yields one job. Completed jobs
 * are dropped after an hour: the database, not Redis, remembers outcomes, and a later duplicate
 * that does run finds the evaluation already written and does nothing.
 */
export function evaluateJobOptions(assessmentId: string): JobsOptions {
  return {
    jobId: assessmentId,
    attempts: 3,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 3600, count: 10000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
