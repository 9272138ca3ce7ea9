import type { JobsOptions } from 'bullmq';

/** The barrier sweep queue's names, ids and retries. Not scheduled: the sweep submits the
 *  quarter's assessments through intake, which API processes serve, so it is requested there. */
export const BARRIER_SWEEP_QUEUE = 'barrier-escalation-sweeps';
export const BARRIER_SWEEP_JOB = 'sweep';

export interface BarrierSweepJobData {
  sweepId: string;
}

/** jobId = sweep id: one job per requested sweep. Re-running one is safe: evaluation is
 *  idempotent per assessment and the report is rewritten. */
export function barrierSweepJobOptions(sweepId: string): JobsOptions {
  return {
    jobId: sweepId,
    attempts: 2,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
