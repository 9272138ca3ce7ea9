import type { JobsOptions } from 'bullmq';
import { dayDate } from './dates.js';

/** The one place that decides the review-due queue's names, job ids, delays and retention. */
export const REVIEW_DUE_QUEUE = 'authorisation-reviews';
export const REVIEW_DUE_JOB = 'condition-review-due';

export interface ReviewDueJobData {
  conditionId: string;
  odsCode: string;
  dueDate: string;
}

/** One job per condition and due date: a condition rescheduled or escalated gets a new due date
 *  and so a new job, and the old one finds the due date changed and does nothing. */
export const reviewDueJobId = (conditionId: string, dueDate: string) => `review-${conditionId}-${dueDate}`;

/** Due at the start of the due date (UTC); a date already past is due at once. Completed jobs
 *  are kept a week so that a sweep in that time does not add the same job again; after that
 *  the database (the review-due row) is what stops a repeat. */
export function reviewDueJobOptions(data: ReviewDueJobData, now: number): JobsOptions {
  return {
    jobId: reviewDueJobId(data.conditionId, data.dueDate),
    delay: Math.max(0, dayDate(data.dueDate).getTime() - now),
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
