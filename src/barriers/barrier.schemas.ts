import { z } from 'zod';
import { PROVENANCES } from '../assessments/assessment.schemas.js';
import { calendarDate } from '../common/calendar-date.js';
import { mandateObjective, MANDATE_OBJECTIVES } from './mandate-objectives.js';

/** Where the mandate expects national action on the barriers CCGs meet (final mandate §2.9): better
 *  measurement of user experience and seamless care, better use of technology to share
 *  information, open and fair procurement practice, new models of contracting and pricing. */
export const ACTION_AREAS = [
  'measurement-of-experience',
  'information-sharing-technology',
  'procurement',
  'contracting-and-pricing',
  'other',
] as const;
export type ActionArea = (typeof ACTION_AREAS)[number];

/** The national bodies the Board works with on them (final mandate §2.9), and the Board itself. */
export const NATIONAL_BODIES = [
  'nhs-commissioning-board',
  'department-of-health',
  'monitor',
  'health-education-england',
  'public-health-england',
  'local-government-association',
] as const;

export const TRIAGE_KINDS = ['national', 'local', 'not-a-barrier'] as const;
export type TriageKind = (typeof TRIAGE_KINDS)[number];

export const BARRIER_STATUSES = ['raised', 'triaged', 'answered', 'withdrawn'] as const;
export type BarrierStatus = (typeof BARRIER_STATUSES)[number];

/** Words for each action area, for the console and the reports alike. */
export const ACTION_AREA_WORDS: Record<ActionArea, string> = {
  'measurement-of-experience': 'Better measurement of user experience and seamless care',
  'information-sharing-technology': 'Better use of technology to share information',
  procurement: 'Open and fair procurement practice',
  'contracting-and-pricing': 'New models of contracting and pricing',
  other: 'Other national action',
};

/** No barrier predates the CCGs: the register holds the 211 CCGs of April 2013, when the mandate's
 *  objectives start (seed 000: "from April 2013 to March 2015"). */
export const CCGS_ESTABLISHED = '2013-04-01';

export const BARRIER_REF = /^BAR-\d{4}-\d{4,}$/;
export const ISSUE_REF = /^NI-\d{4}-\d{4,}$/;

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const odsCode = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z]{3}$/, 'expected a three-character ODS code')
  .transform((s) => s.toUpperCase());

/** Each named once, each an objective of the draft mandate. */
const objectives = z
  .array(z.number().int())
  .min(1)
  .max(MANDATE_OBJECTIVES.length)
  .superRefine((numbers, ctx) => {
    numbers.forEach((n, i) => {
      if (!mandateObjective(n)) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `unknown mandate objective ${n} (the draft mandate has objectives 1–${MANDATE_OBJECTIVES.length})`,
        });
      } else if (numbers.indexOf(n) !== i) {
        ctx.addIssue({ code: 'custom', path: [i], message: `objective ${n} is named twice` });
      }
    });
  });

const nationalBodies = z
  .array(z.enum(NATIONAL_BODIES))
  .min(1)
  .superRefine((bodies, ctx) => {
    bodies.forEach((b, i) => {
      if (bodies.indexOf(b) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `${b} is named twice` });
    });
  });

export const evidenceSchema = z.strictObject({
  /** What was seen: the case, the figures, the correspondence. */
  summary: text(10, 4000),
  /** Where it can be read (a document reference or address). */
  source: text(3, 500).optional(),
});

export const raiseBarrierSchema = z
  .strictObject({
    /** The CCG raising it: a ccg key's own code (may be left out), or the CCG Board staff record it for. */
    ccg: odsCode.optional(),
    /** When the CCG raised it (default today): the quarter it is reported in. */
    raisedOn: calendarDate()
      .refine((d) => d >= CCGS_ESTABLISHED, { error: `CCGs were established on ${CCGS_ESTABLISHED}: a barrier cannot be raised before` })
      .optional(),
    objectives,
    actionArea: z.enum(ACTION_AREAS),
    /** Why none of the four national action areas fits; required exactly for `other`. */
    otherReason: text(10, 2000).optional(),
    /** What it stops locally. */
    stopsLocally: text(10, 4000),
    evidence: z.array(evidenceSchema).max(20).optional(),
    nationalBodies,
    /** `synthetic` for generated barriers (the demo's): kept on the barrier, shown by reports.
     *  Board staff's to set, refused from a ccg key (provenanceProblem). */
    provenance: z.enum(PROVENANCES).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.actionArea === 'other' && !b.otherReason) {
      ctx.addIssue({ code: 'custom', path: ['otherReason'], message: 'say why none of the national action areas fits' });
    }
    if (b.actionArea !== 'other' && b.otherReason) {
      ctx.addIssue({ code: 'custom', path: ['otherReason'], message: 'only an `other` action area takes a reason' });
    }
  });
export type RaiseBarrier = z.infer<typeof raiseBarrierSchema>;

export const withdrawSchema = z.strictObject({ reason: text(10, 2000) });

export const triageSchema = z
  .strictObject({
    triage: z.enum(TRIAGE_KINDS),
    reason: text(10, 4000),
    /** Who at the Board answers for it. */
    owner: text(2, 200).optional(),
    /** When the Board's response is due. */
    responseDue: calendarDate().optional(),
  })
  .superRefine((t, ctx) => {
    if (t.triage !== 'national') return;
    if (!t.owner) ctx.addIssue({ code: 'custom', path: ['owner'], message: 'a national barrier needs an owner at the Board' });
    if (!t.responseDue) ctx.addIssue({ code: 'custom', path: ['responseDue'], message: 'a national barrier needs a response due date' });
  });
export type Triage = z.infer<typeof triageSchema>;

export const linkSchema = z.strictObject({
  barriers: z
    .array(z.string().trim().regex(BARRIER_REF, 'expected a barrier reference like BAR-2013-0001'))
    .min(1)
    .max(500)
    .superRefine((refs, ctx) => {
      refs.forEach((r, i) => {
        if (refs.indexOf(r) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `${r} is named twice` });
      });
    }),
  /** The national issue's title: required when the barriers are under none yet; renames it otherwise. */
  title: text(5, 300).optional(),
  owner: text(2, 200).optional(),
  responseDue: calendarDate().optional(),
});
export type LinkRequest = z.infer<typeof linkSchema>;

export const respondSchema = z.strictObject({
  text: text(10, 8000),
  /** The national action taken or to be taken. */
  nationalAction: text(5, 4000).optional(),
  /** The date of the response (default today). */
  respondedOn: calendarDate().optional(),
});

export const rejectSchema = z.strictObject({
  reason: text(10, 4000),
  rejectedOn: calendarDate().optional(),
});

export const listQuerySchema = z.strictObject({
  ccg: odsCode.optional(),
  status: z.enum(BARRIER_STATUSES).optional(),
  objective: z.coerce.number().int().positive().optional(),
  actionArea: z.enum(ACTION_AREAS).optional(),
  triage: z.enum(TRIAGE_KINDS).optional(),
  nationalIssue: z.string().regex(ISSUE_REF, 'expected a national issue reference like NI-2013-0001').optional(),
});

/** The API list: the filters, newest first, a page at a time (as the review queue pages). */
export const listPageQuerySchema = listQuerySchema.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
