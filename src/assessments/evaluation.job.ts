import type { JobsOptions, WorkerOptions } from 'bullmq';

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

/**
 * How soon the jobs of a worker that died (SIGKILL, a lost machine) run again elsewhere. An
 * evaluation takes milliseconds, so a 10 s lock (renewed every 5 s while a job runs) is ample; a
 * job whose lock lapses is checked for every 5 s and handed to another worker, instead of
 * BullMQ's default of waiting 30–60 s. Running a job twice is harmless: the database keeps one
 * evaluation per assessment.
 */
export const EVALUATION_WORKER_OPTIONS: Pick<WorkerOptions, 'lockDuration' | 'stalledInterval'> = {
  lockDuration: 10_000,
  stalledInterval: 5_000,
};
