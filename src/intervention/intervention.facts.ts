import { z } from 'zod';

/*
 * Quarterly facts of one CCG (assurance framework, November 2013): finance, the NHS Constitution
 * standards for its patients, quality, governance and, where the area team has given them, the
 * ratings of the six assurance domains. Thresholds are not here: they are in the rule set.
 */

/** A share of patients seen within a standard, in per cent. */
const percent = z.number().min(0).max(100);
/** A variance from plan as a percentage of allocation: negative is worse than plan; a variance of
 *  more than the whole allocation either way is impossible. */
const variancePercent = z.number().min(-100).max(100);
/** Events, cases and open conditions in a quarter: England records a few hundred never events and
 *  about 900 MRSA cases a year, so no CCG's count comes near 100,000. */
const count = z.number().int().min(0).max(100_000);
const text = z.string().trim().min(3).max(2000);

export const ASSURANCE_RATINGS = ['assured', 'assured-with-support', 'not-assured'] as const;
export type AssuranceRating = (typeof ASSURANCE_RATINGS)[number];
const rating = z.enum(ASSURANCE_RATINGS);

/** The six domains of the 2013/14 assurance framework, mirroring authorisation. */
export const ASSURANCE_DOMAINS = ['clinicalFocus', 'patientEngagement', 'plans', 'governance', 'collaboration', 'leadership'] as const;
export type AssuranceDomain = (typeof ASSURANCE_DOMAINS)[number];

/** The NHS Constitution standards reported each quarter; their thresholds are rule-set parameters. */
export const STANDARD_IDS = [
  'rtt18WeeksIncompletePct',
  'ae4HoursPct',
  'cancer2WeeksPct',
  'cancer62DaysPct',
  'ambulanceCatA8MinPct',
  'diagnostics6WeeksPct',
] as const;
export type StandardId = (typeof STANDARD_IDS)[number];

export const AUDIT_OPINIONS = ['unqualified', 'qualified', 'adverse'] as const;

export const interventionFactsSchema = z.strictObject({
  note: text.optional(),
  finance: z.strictObject({
    ytdVariancePct: variancePercent,
    forecastOutturnVariancePct: variancePercent,
    unplannedSupportRequested: z.boolean(),
  }),
  standards: z.strictObject(Object.fromEntries(STANDARD_IDS.map((id) => [id, percent])) as Record<StandardId, typeof percent>),
  quality: z.strictObject({
    neverEvents: count,
    overdueSeriousIncidentInvestigations: count,
    regulatorEnforcementAtMainProvider: z.boolean(),
    mrsaCases: count,
  }),
  governance: z.strictObject({
    accountableOfficerInPost: z.boolean(),
    auditOpinion: z.enum(AUDIT_OPINIONS),
    conflictOfInterestBreach: z.boolean(),
    /** From the authorisation family, when it has landed; otherwise as the area team reports them. */
    openAuthorisationConditions: count,
    openAuthorisationDirections: count,
  }),
  /** Domain ratings where the area team has given them; `overall` is recorded but not counted. */
  assurance: z
    .strictObject({
      ...(Object.fromEntries(ASSURANCE_DOMAINS.map((d) => [d, rating.optional()])) as Record<AssuranceDomain, z.ZodOptional<typeof rating>>),
      overall: rating.optional(),
    })
    .optional(),
});

export type InterventionFacts = z.infer<typeof interventionFactsSchema>;
