import type { JobsOptions } from 'bullmq';

/** The one place that decides the intervention sweep queue's names, ids, retries and schedule. */
export const SWEEP_QUEUE = 'intervention-sweeps';
export const SWEEP_JOB = 'sweep';
export const SWEEP_SCHEDULER_ID = 'quarterly-intervention-sweep';
/** 06:00 on the first day of each quarter of the financial year (April, July, October, January). */
export const SWEEP_SCHEDULE = '0 6 1 1,4,7,10 *';

/** A requested sweep names its row; a scheduled one has none and sweeps the latest quarter with facts in. */
export interface SweepJobData {
  sweepId?: string;
}

/** jobId = sweep id: one job per requested sweep. Re-running a sweep is safe: evaluation is
 *  idempotent per assessment and the report is rewritten. */
export function sweepJobOptions(sweepId: string): JobsOptions {
  return {
    jobId: sweepId,
    attempts: 2,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
