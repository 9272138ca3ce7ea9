import { z } from 'zod';
import { calendarDate } from '../common/calendar-date.js';

/*
 * Facts of an authorisation assessment: the panel's date and, for every criterion of the
 * catalogue, met or not met; an unmet one says what kind of gap it is and carries the assessor's
 * note. Which criteria exist and which gap kinds are known is the rule set's business (its
 * catalogue and its condition rules), checked by `authorisationFactProblems`.
 */

export const isoDate = calendarDate();

const note = z.string().trim().min(3).max(2000);

/** One criterion's finding. An unmet one needs its gap kind and the assessor's note; a met one
 *  has neither (one object shape, so an error names the missing field itself). */
export const criterionFindingSchema = z
  .strictObject({
    met: z.boolean(),
    gap: z
      .string()
      .regex(/^[a-z][a-z-]*$/, 'a gap kind like "missing-evidence"')
      .optional(),
    note: note.optional(),
  })
  .superRefine((f, ctx) => {
    if (f.met) {
      if (f.gap !== undefined) ctx.addIssue({ code: 'custom', path: ['gap'], message: 'only an unmet criterion has a gap' });
      return;
    }
    if (f.gap === undefined) ctx.addIssue({ code: 'custom', path: ['gap'], message: 'an unmet criterion says what kind of gap it is' });
    if (f.note === undefined) ctx.addIssue({ code: 'custom', path: ['note'], message: "an unmet criterion carries the assessor's note" });
  });

export const authorisationFactsSchema = z.strictObject({
  /** The date the Board decided on the application; due dates run from it. */
  assessedOn: isoDate,
  /** Every criterion's finding; none when the application is deferred. */
  criteria: z.record(z.string(), criterionFindingSchema).default({}),
  /** The applicant asked for, or the Board decided on, a later wave: a fact, not a rule. */
  deferral: z.strictObject({ toWave: z.string().regex(/^\d{4}-W[1-4]$/, 'expected a wave like 2013-W4'), reason: note }).optional(),
});

export type AuthorisationFacts = z.input<typeof authorisationFactsSchema>;
export type CriterionFinding = z.infer<typeof criterionFindingSchema>;
