import { ACTION_AREAS } from '../barriers/barrier.schemas.js';
import { quarterEnd, quarterIndex, quarterOf, quarterStart } from '../common/quarter.js';
import type { FactProblem } from '../rules/rule-family.js';
import type { EscalationSnapshot } from './barrier-escalation.facts.js';

/*
 * The subject as it stood on the day it is assessed at, as pure functions of what loadContext
 * read: only barriers raised, responses given and rejections made by then count. What the rules
 * compare (counts, days, quarters) and what the decision and the reports show (the CCGs, the
 * answer, the objective it is listed under) come from here.
 */

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

export interface AssessedSubject {
  kind: EscalationSnapshot['kind'];
  ref: string;
  title: string;
  owner: string | null;
  responseDue: string | null;
  barriers: { ref: string; ccg: string; raisedOn: string; objectives: number[]; actionArea: string }[];
  ccgs: { code: string; name: string; region: string }[];
  regions: string[];
  /** Every objective its barriers cite, and the one it is listed under: cited by the most
   *  barriers, the lowest number on a tie. */
  objectives: number[];
  primaryObjective: number;
  /** The action area most of its barriers name (the mandate's order on a tie). */
  actionArea: string;
  /** The Board's latest response by the day assessed, if any. */
  answer: { respondedOn: string; text: string; nationalAction: string | null } | null;
  /** CCGs that rejected that response by then. */
  rejectedBy: string[];
  firstRaisedOn: string;
  synthetic: boolean;
}

export interface EscalationFigures {
  ccgs: number;
  regions: number;
  barriers: number;
  daysSinceRaised: number;
  answered: boolean;
  dueSet: boolean;
  overdue: boolean;
  /** Days past the due date without a response (0 when answered or not yet due). */
  daysOverdue: number;
  rejectingCcgs: number;
  /** Quarters without a response, counting the one the first barrier was raised in (0 when answered). */
  quartersUnresolved: number;
  /** Earlier quarters whose issued escalation put it in the letter. */
  lettersBefore: number;
}

/** The day assessed must fall in the quarter; something must have been raised by then. */
export function assessmentProblems(snapshot: EscalationSnapshot, asOf: string, quarter: string): FactProblem[] {
  if (asOf < quarterStart(quarter) || asOf > quarterEnd(quarter)) {
    return [{ path: 'asOf', message: `${asOf} is not in ${quarter} (${quarterStart(quarter)} to ${quarterEnd(quarter)})` }];
  }
  if (!snapshot.barriers.some((b) => b.raisedOn <= asOf)) {
    return [{ path: 'asOf', message: `none of the barriers of ${snapshot.ref} had been raised by ${asOf}` }];
  }
  return [];
}

/** The value counted most often in `values`; ties go to the first in `order`. */
function mostCommon<T>(values: T[], order: (a: T, b: T) => number): T {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || order(a[0], b[0]))[0][0];
}

const areaOrder = (a: string, b: string): number => {
  const rank = (x: string) => (ACTION_AREAS as readonly string[]).indexOf(x) >>> 0;
  return rank(a) - rank(b) || a.localeCompare(b);
};

/** The subject on `asOf` (checked by assessmentProblems first). */
export function assessSubject(snapshot: EscalationSnapshot, asOf: string): AssessedSubject {
  const barriers = snapshot.barriers.filter((b) => b.raisedOn <= asOf).sort((a, b) => a.ref.localeCompare(b.ref));
  const ccgs = [...new Map(barriers.map((b) => [b.ccg.code, { code: b.ccg.code, name: b.ccg.name, region: b.ccg.region }])).values()].sort((a, b) =>
    a.code.localeCompare(b.code),
  );
  const responses = snapshot.responses.filter((r) => r.respondedOn <= asOf);
  const latest = responses.at(-1);
  const rejectedBy = latest
    ? [...new Set(snapshot.rejections.filter((r) => r.responseId === latest.id && r.rejectedOn <= asOf).map((r) => r.ccg))].sort()
    : [];
  const cited = barriers.flatMap((b) => b.objectives);
  return {
    kind: snapshot.kind,
    ref: snapshot.ref,
    title: snapshot.title,
    owner: snapshot.owner,
    responseDue: snapshot.responseDue,
    barriers: barriers.map((b) => ({ ref: b.ref, ccg: b.ccg.code, raisedOn: b.raisedOn, objectives: b.objectives, actionArea: b.actionArea })),
    ccgs,
    regions: [...new Set(ccgs.map((c) => c.region))].sort(),
    objectives: [...new Set(cited)].sort((a, b) => a - b),
    primaryObjective: mostCommon(cited, (a, b) => a - b),
    actionArea: mostCommon(
      barriers.map((b) => b.actionArea),
      areaOrder,
    ),
    answer: latest ? { respondedOn: latest.respondedOn, text: latest.text, nationalAction: latest.nationalAction } : null,
    rejectedBy,
    firstRaisedOn: barriers.map((b) => b.raisedOn).sort()[0],
    synthetic: barriers.some((b) => b.synthetic),
  };
}

/** What the rules compare, for the subject in `quarter` on `asOf`. */
export function escalationFigures(
  subject: AssessedSubject,
  earlier: EscalationSnapshot['earlier'],
  asOf: string,
  quarter: string,
): EscalationFigures {
  const answered = subject.answer !== null;
  const dueSet = subject.responseDue !== null;
  const overdue = !answered && dueSet && subject.responseDue! < asOf;
  return {
    ccgs: subject.ccgs.length,
    regions: subject.regions.length,
    barriers: subject.barriers.length,
    daysSinceRaised: daysBetween(subject.firstRaisedOn, asOf),
    answered,
    dueSet,
    overdue,
    daysOverdue: overdue ? daysBetween(subject.responseDue!, asOf) : 0,
    rejectingCcgs: subject.rejectedBy.length,
    quartersUnresolved: answered ? 0 : quarterIndex(quarter) - quarterIndex(quarterOf(subject.firstRaisedOn)) + 1,
    lettersBefore: earlier.filter((e) => e.inLetter && quarterIndex(e.quarter) < quarterIndex(quarter)).length,
  };
}
