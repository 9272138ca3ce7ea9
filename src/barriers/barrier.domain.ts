import type { ActorRole } from '../auth/actor.js';
import type { FieldIssue } from '../common/domain-error.js';
import type { BarrierStatus, TriageKind } from './barrier.schemas.js';

/*
 * The rules of a barrier's life, as pure functions: who raises it, which changes its state allows,
 * what status follows, and how linking folds barriers and national issues into one issue. The
 * service reads rows, asks these, and writes what they say in one audited transaction.
 */

export interface BarrierState {
  ref: string;
  status: BarrierStatus;
  triage: TriageKind | null;
  nationalIssueId: string | null;
}

export type IssueStatus = 'open' | 'answered' | 'merged';

export interface IssueState {
  id: string;
  ref: string;
  status: IssueStatus;
  createdAt: Date;
}

/** `BAR-2013-0001`, `NI-2013-0002`: numbered per prefix and year. */
export const formatRef = (prefix: 'BAR' | 'NI', year: number, n: number): string => `${prefix}-${year}-${String(n).padStart(4, '0')}`;

/** The number after the highest of a year's refs (refs of the one prefix and year). */
export const nextRefNumber = (refs: readonly string[]): number => refs.reduce((max, ref) => Math.max(max, Number(ref.split('-')[2]) || 0), 0) + 1;

/**
 * The CCG a barrier is raised for. A ccg key raises for its own CCG only: naming another is refused
 * naming `ccg` (the same answer whether that CCG exists or not, so nothing is learnt from it).
 * Board staff raise on a CCG's behalf and must say which.
 */
export function raisingCcg(bound: string | undefined, named: string | undefined): { ccg: string } | { issue: FieldIssue } {
  if (bound !== undefined) {
    if (named !== undefined && named !== bound) return { issue: { field: 'ccg', message: `this key speaks for CCG ${bound} only` } };
    return { ccg: bound };
  }
  if (named === undefined) return { issue: { field: 'ccg', message: 'name the CCG the barrier is raised for (its ODS code)' } };
  return { ccg: named };
}

/** A barrier's provenance is Board staff's (and the demo's) to set: a ccg key marking its own
 *  synthetic would take it, and the issues, assessments and letters it feeds, out of the record. */
export const provenanceProblem = (role: ActorRole, provenance: string | undefined): FieldIssue | undefined =>
  role === 'ccg' && provenance !== undefined
    ? { field: 'provenance', message: 'a CCG key cannot set provenance: its barriers are submitted' }
    : undefined;

/** A date the caller gives for something that happened (raised, responded, rejected) cannot be in the future. */
export const pastDateProblem = (field: string, date: string | undefined, today: string): FieldIssue | undefined =>
  date !== undefined && date > today ? { field, message: `${date} is after today (${today})` } : undefined;

/*
 * Dates that cannot contradict each other. The escalation rules count what happened by `asOf`
 * (raised, due, responded, rejected), so a response dated before anything it answers, or a
 * rejection before the response it rejects, would change a sweep's outcome. Dates are calendar
 * days (YYYY-MM-DD), which compare as text; the same day is never a contradiction. Nothing else
 * the caller dates: a triage and added evidence are stamped with the time they are recorded.
 */

/** The earliest of some calendar days, or undefined for none. */
export const earliestDay = (days: readonly string[]): string | undefined =>
  days.reduce<string | undefined>((min, d) => (min === undefined || d < min ? d : min), undefined);

const beforeProblem = (field: string, date: string | undefined, bound: string | undefined, what: string): FieldIssue | undefined =>
  date !== undefined && bound !== undefined && date < bound ? { field, message: `${date} is before ${what} (${bound})` } : undefined;

/** Triage: a barrier's response cannot be due before the barrier was raised. */
export const barrierResponseDueProblem = (field: string, responseDue: string | undefined, raisedOn: string): FieldIssue | undefined =>
  beforeProblem(field, responseDue, raisedOn, 'the barrier was raised: a response cannot be due before it');

/**
 * A national issue's dates (its response due, a response to it) cannot precede the earliest
 * barrier under it, withdrawn ones included: the issue exists from the first barrier raised (a
 * withdrawn one was raised too, and an answer given while it stood answered it). Not the latest
 * barrier: a barrier may join an issue already due or answered, and is answered by it. Barriers
 * of an issue merged into another move with it, so the earliest of the target's barriers bounds
 * the merged issue's responses too, and merging or linking never makes an accepted date wrong.
 */
export const issueDateProblem = (
  field: string,
  date: string | undefined,
  barriersRaisedOn: readonly string[],
  what: 'a response' | 'a response due date',
): FieldIssue | undefined =>
  beforeProblem(
    field,
    date,
    earliestDay(barriersRaisedOn),
    `the earliest barrier under the national issue was raised: ${what} cannot come before it`,
  );

/** A rejection cannot come before the response it rejects, nor before the barrier was raised (a
 *  barrier may join an issue answered before it was raised). */
export function rejectionDateProblem(rejectedOn: string, r: { respondedOn: string; raisedOn: string }): FieldIssue | undefined {
  return (
    beforeProblem('rejectedOn', rejectedOn, r.respondedOn, 'the response it rejects was given') ??
    beforeProblem('rejectedOn', rejectedOn, r.raisedOn, 'the barrier was raised')
  );
}

/** Why evidence cannot be added now, or undefined. */
export const evidenceRefusal = (b: BarrierState): string | undefined =>
  b.status === 'withdrawn' ? `barrier ${b.ref} was withdrawn: evidence can no longer be added` : undefined;

export const withdrawRefusal = (b: BarrierState): string | undefined =>
  b.status === 'withdrawn' ? `barrier ${b.ref} is already withdrawn` : undefined;

/** Triage (again) while the Board has not answered; a barrier under a national issue stays national. */
export function triageRefusal(b: BarrierState, triage: TriageKind): string | undefined {
  if (b.status === 'withdrawn') return `barrier ${b.ref} was withdrawn`;
  if (b.status === 'answered') return `barrier ${b.ref} has been answered`;
  if (b.nationalIssueId && triage !== 'national') return `barrier ${b.ref} is under a national issue: it can only be triaged national`;
  return undefined;
}

/** Only barriers that may be national go under a national issue. */
export function linkRefusal(b: BarrierState): string | undefined {
  if (b.status === 'withdrawn') return `barrier ${b.ref} was withdrawn`;
  if (b.triage === 'local' || b.triage === 'not-a-barrier') return `barrier ${b.ref} was triaged ${b.triage}, not national`;
  return undefined;
}

/** A CCG rejects the latest response to its barrier, once. */
export function rejectionRefusal(b: BarrierState, latestResponseId: string | undefined, rejected: readonly string[]): string | undefined {
  if (b.status !== 'answered' || !latestResponseId) return `barrier ${b.ref} has no response to reject`;
  if (rejected.includes(latestResponseId)) return `the latest response to barrier ${b.ref} was already rejected`;
  return undefined;
}

/** A barrier's status from what is recorded of it: withdrawn stays withdrawn; an answer to its
 *  national issue answers it; a triage triages it. */
export function barrierStatus(s: { withdrawn: boolean; triage: TriageKind | null; answered: boolean }): BarrierStatus {
  if (s.withdrawn) return 'withdrawn';
  if (s.answered) return 'answered';
  return s.triage ? 'triaged' : 'raised';
}

export interface LinkPlan {
  /** The issue every barrier ends under: the oldest already involved, or a new one. */
  target: { kind: 'existing'; id: string } | { kind: 'new' };
  /** Named barriers not yet under the target. */
  join: string[];
  /** Other issues folded into the target: their barriers move with them. */
  merge: string[];
}

/**
 * Linking barriers that are one national issue. If none is under an issue, a new one is opened
 * (it needs a title). Otherwise the oldest issue among theirs is kept and the others are merged
 * into it, taking their barriers along, so every CCG that raised the issue gets the one answer.
 */
export function planLink(
  barriers: readonly { id: string; nationalIssueId: string | null }[],
  issues: readonly IssueState[],
  title: string | undefined,
): LinkPlan | { issue: FieldIssue } {
  const involved = [...new Set(barriers.map((b) => b.nationalIssueId).filter((id): id is string => id !== null))].map((id) => {
    const issue = issues.find((i) => i.id === id);
    if (!issue) throw new Error(`planLink: national issue ${id} not given`);
    return issue;
  });
  if (involved.length === 0) {
    if (!title) return { issue: { field: 'title', message: 'the barriers are under no national issue yet: give the new issue a title' } };
    return { target: { kind: 'new' }, join: barriers.map((b) => b.id), merge: [] };
  }
  const [oldest, ...rest] = [...involved].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.ref.localeCompare(b.ref));
  return {
    target: { kind: 'existing', id: oldest.id },
    join: barriers.filter((b) => b.nationalIssueId !== oldest.id).map((b) => b.id),
    merge: rest.map((i) => i.id),
  };
}

/** A national issue's status from its responses (its own and those of issues merged into it). */
export const issueStatus = (responses: number): IssueStatus => (responses > 0 ? 'answered' : 'open');

/** The triage queue's order, band by band: barriers awaiting the Board's response (the most
 *  overdue, then the oldest, first), then answered ones, then withdrawn ones. */
export const QUEUE_BANDS: readonly (readonly BarrierStatus[])[] = [['raised', 'triaged'], ['answered'], ['withdrawn']];

/**
 * Which rows of each band one page takes, given how many each band holds: the bands are read in
 * order, each with its own ORDER BY, so a page may straddle two of them. Bands the page does not
 * reach are left out, so a page costs one query (two where it straddles).
 */
export function pageSlices(bandCounts: readonly number[], offset: number, limit: number): { band: number; skip: number; take: number }[] {
  const slices: { band: number; skip: number; take: number }[] = [];
  let skip = offset;
  let take = limit;
  for (let band = 0; band < bandCounts.length && take > 0; band++) {
    const count = bandCounts[band];
    if (skip >= count) {
      skip -= count;
      continue;
    }
    const n = Math.min(take, count - skip);
    slices.push({ band, skip, take: n });
    take -= n;
    skip = 0;
  }
  return slices;
}
