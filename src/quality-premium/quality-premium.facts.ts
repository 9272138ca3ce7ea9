import { z } from 'zod';

/*
 * Facts of a Quality Premium assessment: the three gateways, one entry per measure (keyed by the
 * measure id the rule set scores) and the four NHS Constitution standards. Which measures are
 * required, and which of their fields, is not decided here but by the rule set in force
 * (see `qualityPremiumFactProblems`): the 2013/14 and 2014/15 schemes score different measures.
 */

/** A share of patients or cases, in per cent. */
const percent = z.number().min(0).max(100);
/** Year-on-year change in per cent: a fall of more than 100 % is impossible, and a whole CCG's
 *  emergency admissions or premature mortality doubling (+100 %) in a year is not plausible, so a
 *  larger figure is an entry error (a count typed as a percentage, say). */
const changePercent = z.number().min(-100).max(100);
/** Reporting of medication incidents can grow several-fold from a low base as a reporting culture
 *  takes hold; more than elevenfold (+1,000 %) in a year is an entry error. */
const reportingChangePercent = z.number().min(-100).max(1000);
/** Cases in a year and their thresholds (MRSA, C. difficile): England's C. difficile total for
 *  2013/14 was about 13,000, so one CCG's count above 10,000 is an entry error. */
const count = z.number().int().min(0).max(10_000);
const text = z.string().trim().min(3).max(2000);

/** A measure entry: its values, or `{notAssessed: true, reason}`. Values are optional in the
 *  schema so that the rule set, not this file, says which are required; a missing one is then
 *  reported with its own path by `qualityPremiumFactProblems`. */
function measure<S extends z.ZodRawShape>(values: S) {
  return z
    .strictObject(values)
    .partial()
    .extend({
      notAssessed: z.literal(true).optional(),
      reason: text.optional(),
    })
    .superRefine((parsed, ctx) => {
      // The generic shape defeats inference here; the two fields read are declared just above.
      const m = parsed as unknown as { notAssessed?: true; reason?: string } & Record<string, unknown>;
      const supplied = Object.keys(values).filter((k) => m[k] !== undefined);
      if (m.notAssessed) {
        if (m.reason === undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a measure not assessed needs a reason' });
        // A value beside "not assessed" would make the verdict ambiguous.
        for (const k of supplied) ctx.addIssue({ code: 'custom', path: [k], message: 'not allowed when notAssessed is true' });
      } else if (m.reason !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['reason'], message: 'reason is only for a measure marked notAssessed' });
      }
    });
}

/** A local measure agreed with the area team after consulting the Health and Wellbeing Board:
 *  what was agreed, and whether the agreed improvement was met. */
const localMeasure = measure({ description: text, met: z.boolean() }).superRefine((m, ctx) => {
  if (!m.notAssessed && m.description === undefined) {
    ctx.addIssue({ code: 'custom', path: ['description'], message: 'a local measure says what was agreed' });
  }
});

/** Field shapes per measure id. 2013/14: N1–N4 national, L1–L3 local; 2014/15: M1–M5 national,
 *  L1 local. Ids are never reused with another meaning, so one schema serves every scheme. */
export const measureSchemas = {
  N1: measure({ pyllReductionPct: changePercent }),
  N2: measure({ emergencyAdmissionsChangePct: changePercent }),
  // The FFT score runs from -100 to 100; a move of more than 100 points in a year is not plausible.
  N3: measure({ fftRolledOutOnTime: z.boolean(), fftScoreChange: z.number().min(-100).max(100) }),
  N4: measure({ mrsaCases: count, cdiffCases: count, cdiffThreshold: count }),
  M1: measure({ pyllReductionPct: changePercent, localPrematureMortalityMet: z.boolean() }),
  M2: measure({ iaptAccessRatePct: percent }),
  M3: measure({ emergencyAdmissionsChangePct: changePercent }),
  M4: measure({ fftActedOn2013Results: z.boolean(), fftRolledOut: z.boolean(), localPatientExperienceImproved: z.boolean() }),
  M5: measure({ medicationIncidentReportingChangePct: reportingChangePercent }),
  L1: localMeasure,
  L2: localMeasure,
  L3: localMeasure,
} as const;

export type MeasureId = keyof typeof measureSchemas;

const measuresShape = Object.fromEntries(Object.entries(measureSchemas).map(([id, schema]) => [id, schema.optional()])) as {
  [K in MeasureId]: z.ZodOptional<(typeof measureSchemas)[K]>;
};

export const qualityPremiumFactsSchema = z.strictObject({
  note: text.optional(),
  /** The population for the £-per-head maximum, when the Board uses another base than the
   *  register's; otherwise the register's figure named by the rule set is used. The largest CCG
   *  had about 900,000 registered patients (2013 register): 10 million is a generous ceiling. */
  population: z.number().int().positive().max(10_000_000).optional(),
  gateways: z.strictObject({
    quality: z
      .strictObject({
        /** A serious quality failure in the year: a Board judgement, recorded with its reference. */
        seriousFailure: z.boolean(),
        reference: text.optional(),
      })
      .superRefine((q, ctx) => {
        if (q.seriousFailure && q.reference === undefined) {
          ctx.addIssue({ code: 'custom', path: ['reference'], message: 'a serious quality failure is recorded with its reference' });
        }
      }),
    financial: z.strictObject({
      overspentResourceLimit: z.boolean(),
      unplannedDeficit: z.boolean(),
      unplannedFinancialSupport: z.boolean(),
    }),
    audit: z.strictObject({ qualifiedOpinion: z.boolean() }),
  }),
  measures: z.strictObject(measuresShape),
  /** Performance for the CCG's patients over the year, in per cent. */
  standards: z.strictObject({
    rtt18WeeksIncompletePct: percent,
    ae4HoursPct: percent,
    cancer62DaysPct: percent,
    ambulanceRed1Pct: percent,
  }),
});

export type QualityPremiumFacts = z.infer<typeof qualityPremiumFactsSchema>;

/** `measures.N2.emergencyAdmissionsChangePct` → ['N2', 'emergencyAdmissionsChangePct']. */
export function splitMeasureFact(fact: string): [string, string] | undefined {
  const m = /^measures\.([A-Za-z0-9]+)\.([A-Za-z0-9]+)$/.exec(fact);
  return m ? [m[1], m[2]] : undefined;
}
