/** The intervention sweep queue's names and schedule (a requested sweep's retries: src/sweeps/sweep-job.ts). */
export const SWEEP_QUEUE = 'intervention-sweeps';
export const SWEEP_JOB = 'sweep';
export const SWEEP_SCHEDULER_ID = 'quarterly-intervention-sweep';
/** 06:00 on the first day of each quarter of the financial year (April, July, October, January). */
export const SWEEP_SCHEDULE = '0 6 1 1,4,7,10 *';

/** A requested sweep names its row; a scheduled one has none and sweeps the latest quarter with facts in. */
export interface SweepJobData {
  sweepId?: string;
}
