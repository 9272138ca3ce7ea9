import { spreadsheetText } from '../../common/spreadsheet-text.js';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { financialYearDates, quarterEnd, quarterStart, quartersOfYear } from '../../common/quarter.js';
import { ACTION_AREA_WORDS, ACTION_AREAS } from '../barrier.schemas.js';
import { mandateObjective } from '../mandate-objectives.js';

/*
 * The two documents of the reverse channel (final mandate §2.7–2.9, as 'Turning the tables'
 * proposes them), as pure functions of what the service read:
 *
 * - the quarterly letter of the CCGs to the NHS Commissioning Board, copied to the Secretary of
 *   State: exactly the subjects (national issues, or barriers triaged national under no issue)
 *   whose issued escalation decision for the quarter is `include-in-letter` or `select-committee`,
 *   grouped by the mandate objective and the action area each is listed under, each with the CCGs
 *   that raised it (names from the register) and the Board's answer or "no answer yet";
 * - the annual report to the Health Select Committee: per mandate objective, the barriers raised in
 *   the financial year, and of those the answered, the overdue and the escalated.
 */

const areaTitle = (area: string): string => (ACTION_AREA_WORDS as Record<string, string>)[area] ?? area;
const areaRank = (area: string): number => {
  const i = (ACTION_AREAS as readonly string[]).indexOf(area);
  return i < 0 ? ACTION_AREAS.length : i;
};

const answerSchema = z.object({ respondedOn: z.string(), text: z.string(), nationalAction: z.string().nullable() });
export type Answer = z.infer<typeof answerSchema>;

/** What the reports read of an issued escalation's outcome (written by the barrier escalation
 *  family when the decision is issued): the subject as it stood on the day assessed. */
export const escalationOutcomeSchema = z.object({
  asOf: z.string(),
  subject: z.object({
    kind: z.enum(['national-issue', 'barrier']),
    ref: z.string(),
    title: z.string(),
    owner: z.string().nullable(),
    responseDue: z.string().nullable(),
    barriers: z.array(z.object({ ref: z.string() })),
    ccgs: z.array(z.object({ code: z.string(), name: z.string(), region: z.string() })),
    regions: z.array(z.string()),
    objectives: z.array(z.number()),
    primaryObjective: z.number(),
    actionArea: z.string(),
    answer: answerSchema.nullable(),
    rejectedBy: z.array(z.string()),
    synthetic: z.boolean(),
  }),
  figures: z.object({ daysOverdue: z.number(), quartersUnresolved: z.number() }),
});
export type EscalationRecordOutcome = z.infer<typeof escalationOutcomeSchema>;

/** An issued escalation as `barrier_escalations` holds it. */
export interface EscalationRecord {
  subjectRef: string;
  quarter: string;
  outcomeKey: string;
  inLetter: boolean;
  selectCommittee: boolean;
  overridden: boolean;
  decisionId: string;
  outcome: EscalationRecordOutcome;
}

export interface LetterEntry {
  ref: string;
  kind: 'national-issue' | 'barrier';
  title: string;
  action: string;
  selectCommittee: boolean;
  overridden: boolean;
  owner: string | null;
  responseDue: string | null;
  daysOverdue: number;
  quartersUnresolved: number;
  objectives: number[];
  ccgs: { code: string; name: string; region: string }[];
  regions: string[];
  barriers: string[];
  /** The Board's answer as it stood on the day assessed, or null: "no answer yet". */
  answer: Answer | null;
  /** An answer the Board has given since (up to when the letter is read), if any. */
  answeredSince: Answer | null;
  rejectedBy: number;
  synthetic: boolean;
  decision: string;
}

export interface QuarterlyLetter {
  quarter: string;
  period: { from: string; to: string };
  from: string;
  to: string;
  copiedTo: string;
  basis: string;
  generatedOn: string;
  synthetic: boolean;
  count: number;
  selectCommittee: number;
  /** The refs of every subject in the letter, in the letter's order. */
  subjects: string[];
  objectives: { number: number; title: string; actionAreas: { actionArea: string; title: string; entries: LetterEntry[] }[] }[];
}

export const LETTER_BASIS =
  'Every national issue, or barrier triaged national under no issue yet, whose issued escalation decision for the quarter is ' +
  '"include in the quarterly letter" or "mark for the Select Committee" (proposals not yet issued are not included). Each is listed ' +
  'once, under the mandate objective most of its barriers cite and the action area most of them name.';

/** The letter for `quarter` from the issued escalations of that quarter; `laterAnswers` are the
 *  Board's latest answers now, by subject, to show one given after the day assessed. */
export function quarterlyLetter(
  quarter: string,
  records: readonly EscalationRecord[],
  laterAnswers: ReadonlyMap<string, Answer>,
  generatedOn: string,
): QuarterlyLetter {
  const entries = records
    .filter((r) => r.quarter === quarter && r.inLetter)
    .map((r): LetterEntry & { primaryObjective: number; actionArea: string } => {
      const s = r.outcome.subject;
      const later = laterAnswers.get(r.subjectRef);
      return {
        ref: r.subjectRef,
        kind: s.kind,
        title: s.title,
        action: r.outcomeKey,
        selectCommittee: r.selectCommittee,
        overridden: r.overridden,
        owner: s.owner,
        responseDue: s.responseDue,
        daysOverdue: r.outcome.figures.daysOverdue,
        quartersUnresolved: r.outcome.figures.quartersUnresolved,
        objectives: s.objectives,
        ccgs: s.ccgs,
        regions: s.regions,
        barriers: s.barriers.map((b) => b.ref),
        answer: s.answer,
        answeredSince: later && later.respondedOn > r.outcome.asOf ? later : null,
        rejectedBy: s.rejectedBy.length,
        synthetic: s.synthetic,
        decision: `/api/v1/decisions/${r.decisionId}/document`,
        primaryObjective: s.primaryObjective,
        actionArea: s.actionArea,
      };
    })
    .sort(
      (a, b) =>
        a.primaryObjective - b.primaryObjective ||
        areaRank(a.actionArea) - areaRank(b.actionArea) ||
        Number(b.selectCommittee) - Number(a.selectCommittee) ||
        b.ccgs.length - a.ccgs.length ||
        a.ref.localeCompare(b.ref),
    );
  const objectives: QuarterlyLetter['objectives'] = [];
  for (const { primaryObjective, actionArea, ...entry } of entries) {
    let objective = objectives.at(-1);
    if (objective?.number !== primaryObjective) {
      objective = { number: primaryObjective, title: mandateObjective(primaryObjective)?.title ?? `Objective ${primaryObjective}`, actionAreas: [] };
      objectives.push(objective);
    }
    let area = objective.actionAreas.at(-1);
    if (area?.actionArea !== actionArea) {
      area = { actionArea, title: areaTitle(actionArea), entries: [] };
      objective.actionAreas.push(area);
    }
    area.entries.push(entry);
  }
  return {
    quarter,
    period: { from: quarterStart(quarter), to: quarterEnd(quarter) },
    from: 'The clinical commissioning groups that raised the barriers below',
    to: 'NHS Commissioning Board',
    copiedTo: 'Secretary of State for Health',
    basis: LETTER_BASIS,
    generatedOn,
    synthetic: entries.some((e) => e.synthetic),
    count: entries.length,
    selectCommittee: entries.filter((e) => e.selectCommittee).length,
    subjects: entries.map((e) => e.ref),
    objectives,
  };
}

const CSV_TEXT = spreadsheetText;

/** One line per subject in the letter: a CCG's, the Board's or anyone's text is never a formula. */
export function quarterlyLetterCsv(letter: QuarterlyLetter): string {
  const head = [
    'quarter',
    'objective',
    'objectiveTitle',
    'actionArea',
    'ref',
    'kind',
    'title',
    'action',
    'selectCommittee',
    'owner',
    'responseDue',
    'daysOverdue',
    'quartersUnresolved',
    'ccgCount',
    'regions',
    'ccgs',
    'barriers',
    'boardAnswer',
    'answeredOn',
    'answeredSinceOn',
    'rejectedBy',
    'synthetic',
    'decision',
  ];
  const lines = letter.objectives.flatMap((o) =>
    o.actionAreas.flatMap((a) =>
      a.entries.map((e) => [
        letter.quarter,
        String(o.number),
        o.title,
        a.actionArea,
        e.ref,
        e.kind,
        CSV_TEXT(e.title),
        e.action,
        String(e.selectCommittee),
        CSV_TEXT(e.owner ?? ''),
        e.responseDue ?? '',
        String(e.daysOverdue),
        String(e.quartersUnresolved),
        String(e.ccgs.length),
        e.regions.join('; '),
        CSV_TEXT(e.ccgs.map((c) => `${c.name} (${c.code})`).join('; ')),
        e.barriers.join('; '),
        CSV_TEXT(e.answer?.text ?? 'no answer yet'),
        e.answer?.respondedOn ?? '',
        e.answeredSince?.respondedOn ?? '',
        String(e.rejectedBy),
        String(e.synthetic),
        e.decision,
      ]),
    ),
  );
  return stringify([head, ...lines]);
}

// --- the annual report ---------------------------------------------------------------------------

/** A barrier raised in the year (not withdrawn), as the annual report counts it. */
export interface YearBarrier {
  ref: string;
  objectives: number[];
  raisedOn: string;
  /** Its national issue's due date, or its own triage's. */
  responseDue: string | null;
  /** The first answer to its national issue, if any. */
  firstAnsweredOn: string | null;
  synthetic: boolean;
}

export interface ObjectiveCounts {
  raised: number;
  answered: number;
  overdue: number;
  escalated: number;
  selectCommittee: number;
}

export interface AnnualReport {
  year: string;
  period: { from: string; to: string };
  /** The day counted at: the year's last day, or today for a year not over. */
  asOf: string;
  to: string;
  basis: Record<keyof ObjectiveCounts, string>;
  generatedOn: string;
  synthetic: boolean;
  objectives: ({ number: number; title: string } & ObjectiveCounts)[];
  /** Each barrier once, whatever the number of objectives it cites. */
  totals: ObjectiveCounts;
  /** Subjects marked for the Select Committee in the year, with the quarters they were. */
  markedForSelectCommittee: { ref: string; title: string; quarters: string[]; ccgs: number; answered: boolean }[];
}

export const ANNUAL_BASIS: AnnualReport['basis'] = {
  raised: 'barriers raised in the financial year and not withdrawn, counted under each objective they cite',
  answered: 'of those, barriers whose national issue the Board had answered by the day counted',
  overdue: 'of those, barriers without an answer whose response due date had passed by the day counted',
  escalated: "of those, barriers in a quarterly letter of the year (an issued escalation of one of the year's quarters)",
  selectCommittee: 'of those, barriers marked for the Select Committee in one of the year’s quarters',
};

export function annualReport(year: string, barriers: readonly YearBarrier[], records: readonly EscalationRecord[], today: string): AnnualReport {
  const period = financialYearDates(year);
  const asOf = period.to < today ? period.to : today;
  const quarters = new Set(quartersOfYear(year));
  const ofYear = records.filter((r) => quarters.has(r.quarter));
  const escalated = new Set(ofYear.filter((r) => r.inLetter).flatMap((r) => r.outcome.subject.barriers.map((b) => b.ref)));
  const selected = new Set(ofYear.filter((r) => r.selectCommittee).flatMap((r) => r.outcome.subject.barriers.map((b) => b.ref)));
  const inYear = barriers.filter((b) => b.raisedOn >= period.from && b.raisedOn <= period.to);

  const countsOf = (list: readonly YearBarrier[]): ObjectiveCounts => {
    const answered = (b: YearBarrier) => b.firstAnsweredOn !== null && b.firstAnsweredOn <= asOf;
    return {
      raised: list.length,
      answered: list.filter(answered).length,
      overdue: list.filter((b) => !answered(b) && b.responseDue !== null && b.responseDue < asOf).length,
      escalated: list.filter((b) => escalated.has(b.ref)).length,
      selectCommittee: list.filter((b) => selected.has(b.ref)).length,
    };
  };
  const numbers = [...new Set(inYear.flatMap((b) => b.objectives))].sort((a, b) => a - b);
  const marked = new Map<string, AnnualReport['markedForSelectCommittee'][number]>();
  for (const r of [...ofYear].sort((a, b) => a.quarter.localeCompare(b.quarter))) {
    if (!r.selectCommittee) continue;
    const entry = marked.get(r.subjectRef) ?? { ref: r.subjectRef, title: r.outcome.subject.title, quarters: [], ccgs: 0, answered: false };
    entry.quarters.push(r.quarter);
    entry.ccgs = r.outcome.subject.ccgs.length;
    entry.answered = r.outcome.subject.answer !== null;
    marked.set(r.subjectRef, entry);
  }
  return {
    year,
    period,
    asOf,
    to: 'Health Select Committee',
    basis: ANNUAL_BASIS,
    generatedOn: today,
    synthetic: inYear.some((b) => b.synthetic),
    objectives: numbers.map((n) => ({
      number: n,
      title: mandateObjective(n)?.title ?? `Objective ${n}`,
      ...countsOf(inYear.filter((b) => b.objectives.includes(n))),
    })),
    totals: countsOf(inYear),
    markedForSelectCommittee: [...marked.values()].sort((a, b) => a.ref.localeCompare(b.ref)),
  };
}

export function annualReportCsv(report: AnnualReport): string {
  const head = ['year', 'objective', 'title', 'raised', 'answered', 'overdue', 'escalated', 'selectCommittee'];
  const row = (objective: string, title: string, c: ObjectiveCounts) => [
    report.year,
    objective,
    title,
    String(c.raised),
    String(c.answered),
    String(c.overdue),
    String(c.escalated),
    String(c.selectCommittee),
  ];
  return stringify([head, ...report.objectives.map((o) => row(String(o.number), o.title, o)), row('all', 'Every barrier once', report.totals)]);
}
