/** The barrier sweep queue's names (its retries: src/sweeps/sweep-job.ts). Not scheduled: the sweep submits the
 *  quarter's assessments through intake, which API processes serve, so it is requested there. */
export const BARRIER_SWEEP_QUEUE = 'barrier-escalation-sweeps';
export const BARRIER_SWEEP_JOB = 'sweep';

export interface BarrierSweepJobData {
  sweepId: string;
}
