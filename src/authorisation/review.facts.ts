import { z } from 'zod';
import { isoDate } from './authorisation.facts.js';

/** Facts of a condition review: the review date and, for every open condition of the CCG (by
 *  its id), discharged / improved / progressing / not progressing, with the evidence seen. Which conditions
 *  are open is read from the register (`loadContext`), and a finding must be given for each. */
export const reviewFindingSchema = z.strictObject({
  status: z.enum(['discharged', 'improved', 'progressing', 'not-progressing']),
  evidence: z.string().trim().min(3).max(4000),
});

export const reviewFactsSchema = z.strictObject({
  reviewedOn: isoDate,
  conditions: z.record(z.uuid({ error: 'condition ids are UUIDs' }), reviewFindingSchema),
});

export type ReviewFacts = z.infer<typeof reviewFactsSchema>;

/** An open condition as the register holds it when the review is assessed (stored with the
 *  evaluation through the engine facts, so a replay needs no database). */
export const openConditionSchema = z.strictObject({
  id: z.string(),
  criterion: z.string(),
  domain: z.number().int(),
  title: z.string(),
  level: z.number().int().min(1).max(6),
  dueDate: isoDate,
  openedOn: isoDate,
});
export type OpenConditionContext = z.infer<typeof openConditionSchema>;
