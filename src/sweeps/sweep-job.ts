import type { JobsOptions } from 'bullmq';

/** A requested sweep's job, for every family's sweep queue: jobId = sweep id, one job per
 *  requested sweep. Re-running one is safe: evaluation is idempotent per assessment and the
 *  report is rewritten. */
export function requestedSweepJobOptions(sweepId: string): JobsOptions {
  return {
    jobId: sweepId,
    attempts: 2,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
