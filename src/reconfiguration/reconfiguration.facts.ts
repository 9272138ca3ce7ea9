import { z } from 'zod';
import { calendarDate } from '../common/calendar-date.js';

/*
 * Facts of a stage 2 assurance of a service-change proposal: who commissions it, and the evidence
 * for each of the Secretary of State's four tests (mandate objective 20), the two priority checks
 * (§5.15) and, from 1 April 2017, the bed-closure test. Evidence is optional in this schema on
 * purpose: a proposal is often incomplete, and a missing fact yields "insufficient evidence" for
 * its test (the rules say which facts each test needs). Evidence that is present must be well
 * formed, or intake answers 422 naming the field.
 */

const text = z.string().trim().min(3).max(2000);
const isoDate = calendarDate();
/** An ODS code of a CCG: two digits and a letter, e.g. `05N` (checked against the register at intake). */
export const ccgCode = z.string().regex(/^[0-9]{2}[A-Z]$/, 'expected a CCG ODS code such as 05N');

export const SUPPORT_POSITIONS = ['supports', 'supports-with-conditions', 'does-not-support'] as const;
export const SENATE_OUTCOMES = ['supportive', 'supportive-with-recommendations', 'not-supportive', 'not-required'] as const;
export const SCRUTINY_POSITIONS = ['supports', 'no-objection', 'objects', 'referred'] as const;
export const SERVICES = ['urgent-and-emergency', 'stroke', 'maternity', 'paediatrics', 'mental-health', 'community', 'elective', 'other'] as const;

/** A governing body's resolution on the proposal (test 1). */
const resolution = z
  .strictObject({
    ccg: ccgCode,
    position: z.enum(SUPPORT_POSITIONS),
    resolutionDate: isoDate,
    reference: text.optional(),
    conditions: text.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.position === 'supports-with-conditions' && r.conditions === undefined) {
      ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'support with conditions says what the conditions are' });
    }
  });

export const reconfigurationFactsSchema = z
  .strictObject({
    title: text,
    service: z.enum(SERVICES),
    leadCcg: ccgCode,
    /** The other CCGs whose patients the change affects (the lead is not repeated here). */
    affectedCcgs: z.array(ccgCode).max(40).default([]),
    /** T1: support from clinical commissioners. */
    commissionerSupport: z.array(resolution).max(41).optional(),
    /** T2: strong public and patient engagement. */
    engagement: z
      .strictObject({
        planPublished: z.boolean().optional(),
        consultationWeeks: z.number().min(0).max(104).optional(),
        shorterConsultationReason: text.optional(),
        /** The largest NHS service-change consultations have drawn tens of thousands of
         *  responses; a million is beyond any, so more is an entry error. */
        responses: z.number().int().min(0).max(1_000_000).optional(),
        /** Health overview and scrutiny committee consulted (s.244 NHS Act 2006). */
        scrutinyConsulted: z.boolean().optional(),
        scrutinyPosition: z.enum(SCRUTINY_POSITIONS).optional(),
        healthwatchInvolved: z.boolean().optional(),
        healthAndWellbeingBoardInvolved: z.boolean().optional(),
        feedbackPublished: z.boolean().optional(),
      })
      .optional(),
    /** T3: a clear clinical evidence base. */
    clinicalEvidence: z
      .strictObject({
        caseForChangePublished: z.boolean().optional(),
        alignedWithGuidance: z.boolean().optional(),
        guidance: text.optional(),
        senateReview: z.enum(SENATE_OUTCOMES).optional(),
        senateRecommendations: text.optional(),
      })
      .optional(),
    /** T4: consistency with current and prospective need for patient choice. */
    patientChoice: z
      .strictObject({
        impactAssessed: z.boolean().optional(),
        providersBefore: z.number().int().min(0).max(1000).optional(),
        providersAfter: z.number().int().min(0).max(1000).optional(),
        constitutionRightsKept: z.boolean().optional(),
      })
      .optional(),
    /** P1 (priority check, §5.15): outcomes improve while access is maintained. */
    outcomesAndAccess: z
      .strictObject({
        outcomesExpectedToImprove: z.boolean().optional(),
        /** The largest increase in travel time for any affected patient group, in minutes. */
        maxTravelTimeIncreaseMinutes: z.number().min(-600).max(600).optional(),
      })
      .optional(),
    /** P2 (best-practice check, §5.15): a fair playing field for all potential providers. */
    fairPlayingField: z.strictObject({ allProvidersCouldContribute: z.boolean().optional() }).optional(),
    /** Bed closures (the 2017 fifth test): net beds closed and the three conditions, one of which must hold. */
    bedClosures: z
      .strictObject({
        netBedsClosed: z.number().int().min(0).max(5000),
        plannedFrom: isoDate.optional(),
        alternativeProvision: z.boolean().optional(),
        newTreatmentsReduceAdmissions: z.boolean().optional(),
        efficientBedUsePlan: z.boolean().optional(),
      })
      .optional(),
  })
  .superRefine((f, ctx) => {
    f.affectedCcgs.forEach((code, i) => {
      if (code === f.leadCcg)
        ctx.addIssue({ code: 'custom', path: ['affectedCcgs', i], message: 'the lead CCG is not repeated among the affected CCGs' });
      else if (f.affectedCcgs.indexOf(code) !== i) ctx.addIssue({ code: 'custom', path: ['affectedCcgs', i], message: `${code} is listed twice` });
    });
    const commissioners = new Set([f.leadCcg, ...f.affectedCcgs]);
    const seen = new Set<string>();
    f.commissionerSupport?.forEach((r, i) => {
      if (!commissioners.has(r.ccg)) {
        ctx.addIssue({ code: 'custom', path: ['commissionerSupport', i, 'ccg'], message: `${r.ccg} is neither the lead nor an affected CCG` });
      } else if (seen.has(r.ccg)) {
        ctx.addIssue({ code: 'custom', path: ['commissionerSupport', i, 'ccg'], message: `a second resolution for ${r.ccg}` });
      }
      seen.add(r.ccg);
    });
    const e = f.engagement;
    if (e?.scrutinyPosition !== undefined && e.scrutinyConsulted === false) {
      ctx.addIssue({ code: 'custom', path: ['engagement', 'scrutinyPosition'], message: 'a scrutiny position needs scrutinyConsulted to be true' });
    }
  });

export type ReconfigurationFacts = z.infer<typeof reconfigurationFactsSchema>;

/** The commissioners whose support test 1 needs: the lead first, then the affected CCGs. */
export function commissionersOf(facts: Pick<ReconfigurationFacts, 'leadCcg' | 'affectedCcgs'>): string[] {
  return [facts.leadCcg, ...facts.affectedCcgs];
}

/**
 * Dates that contradict the assurance date a proposal is assessed at (its period): the date must
 * have come (an assurance not held yet assures nothing), and a governing body's resolution dated
 * after it cannot have been before the panel. Each problem names its field.
 */
export function assuranceDateProblems(
  facts: Pick<ReconfigurationFacts, 'commissionerSupport'>,
  assuranceDate: string,
  today: string,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (assuranceDate > today) problems.push({ field: 'period', message: `the assurance date ${assuranceDate} is after today (${today})` });
  facts.commissionerSupport?.forEach((r, i) => {
    if (r.resolutionDate > assuranceDate)
      problems.push({
        field: `facts.commissionerSupport.${i}.resolutionDate`,
        message: `${r.ccg}'s resolution of ${r.resolutionDate} is after the assurance date ${assuranceDate}`,
      });
  });
  return problems;
}
