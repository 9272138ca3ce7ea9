import { z } from 'zod';
import { calendarDate } from '../common/calendar-date.js';

/*
 * What an escalation assessment is about: one national issue (or one barrier triaged national and
 * under no issue yet) in one quarter. The submitted facts are only the day it is assessed at; the
 * issue itself — its barriers, the CCGs and regions that raised them, the Board's responses and
 * the CCGs' rejections, earlier quarters' escalations — is read from the barrier tables by
 * `loadContext` and kept with the evaluation, so a replay needs no database. Only dated events
 * count against `asOf` (raised, responded, rejected); a triage is stamped with the time it was
 * entered, so the rules use days since first raised and days overdue, not days since triage.
 */

export const barrierEscalationFactsSchema = z.strictObject({
  /** The day the issue is assessed at: the quarter's last day, or today for a quarter not over
   *  (the sweep sets it). Barriers raised, responses given and rejections made after it do not count. */
  asOf: calendarDate(),
});
export type BarrierEscalationFacts = z.infer<typeof barrierEscalationFactsSchema>;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD');

/** One barrier under the subject, with the register's view of the CCG that raised it. */
export const snapshotBarrierSchema = z.strictObject({
  ref: z.string(),
  ccg: z.strictObject({ code: z.string(), name: z.string(), region: z.string(), areaTeam: z.string() }),
  raisedOn: isoDay,
  objectives: z.array(z.number().int().positive()).min(1),
  actionArea: z.string(),
  synthetic: z.boolean().default(false),
});
export type SnapshotBarrier = z.infer<typeof snapshotBarrierSchema>;

/** What `loadContext` reads of the subject: withdrawn barriers are left out. */
export const escalationSnapshotSchema = z.strictObject({
  kind: z.enum(['national-issue', 'barrier']),
  ref: z.string(),
  title: z.string(),
  owner: z.string().nullable(),
  responseDue: isoDay.nullable(),
  barriers: z.array(snapshotBarrierSchema),
  /** The Board's responses (the and those of issues merged into it), oldest first. */
  responses: z.array(z.strictObject({ id: z.string(), respondedOn: isoDay, text: z.string(), nationalAction: z.string().nullable() })),
  /** A CCG's record that a response does not answer its barrier. */
  rejections: z.array(z.strictObject({ barrier: z.string(), ccg: z.string(), responseId: z.string(), rejectedOn: isoDay })),
  /** Issued escalations of the subject in other quarters. */
  earlier: z.array(z.strictObject({ quarter: z.string(), key: z.string(), inLetter: z.boolean() })),
});
export type EscalationSnapshot = z.infer<typeof escalationSnapshotSchema>;
