import { ESCALATION_KEYS, inLetter, type EscalationKey } from './barrier-escalation.decider.js';

/** What a sweep request found and submitted through intake (kept on the sweep's row). */
export interface BarrierSweepSubmission {
  asOf: string;
  /** Every open subject: national issues not merged, lone barriers triaged national. */
  subjects: string[];
  submitted: string[];
  /** Subjects with an assessment for the quarter already: evaluated if pending, not submitted again. */
  alreadyAssessed: string[];
  /** Refused by intake (e.g. merged between the read and the submission), with why. */
  refused: { subject: string; message: string }[];
}

/** One subject's assessment for the quarter, as the sweep read it after evaluation. */
export interface SweptSubject {
  subject: string;
  status: string;
  /** The issued action, or the proposed one while it awaits review (null before evaluation). */
  action: string | null;
  error?: string | null;
}

export interface BarrierSweepReport {
  quarter: string;
  asOf: string;
  subjects: number;
  submitted: number;
  alreadyAssessed: number;
  refused: BarrierSweepSubmission['refused'];
  evaluatedBySweep: number;
  failed: { subject: string; error: string | null }[];
  awaitingReview: number;
  issued: number;
  /** Subjects per action (issued, else proposed). */
  actions: Record<EscalationKey, number>;
  /** Escalated into the quarterly letter (the Select Committee's included). */
  inLetter: string[];
  selectCommittee: string[];
  chased: string[];
  answered: string[];
}

const withAction = (swept: SweptSubject[], keep: (action: string) => boolean): string[] =>
  swept
    .filter((s) => s.action !== null && keep(s.action))
    .map((s) => s.subject)
    .sort();

/** Folds the swept subjects into the quarter's figures. */
export function barrierSweepReport(
  quarter: string,
  submission: BarrierSweepSubmission,
  swept: SweptSubject[],
  evaluatedBySweep: number,
): BarrierSweepReport {
  const actions = Object.fromEntries(ESCALATION_KEYS.map((k) => [k, 0])) as Record<EscalationKey, number>;
  for (const s of swept) if (s.action !== null && s.action in actions) actions[s.action as EscalationKey] += 1;
  return {
    quarter,
    asOf: submission.asOf,
    subjects: swept.length,
    submitted: submission.submitted.length,
    alreadyAssessed: submission.alreadyAssessed.length,
    refused: submission.refused,
    evaluatedBySweep,
    failed: swept.filter((s) => s.status === 'failed').map((s) => ({ subject: s.subject, error: s.error ?? null })),
    awaitingReview: swept.filter((s) => s.status === 'awaiting_review').length,
    issued: swept.filter((s) => s.status === 'decided').length,
    actions,
    inLetter: withAction(swept, inLetter),
    selectCommittee: withAction(swept, (a) => a === 'select-committee'),
    chased: withAction(swept, (a) => a === 'chase-owner'),
    answered: withAction(swept, (a) => a === 'answered'),
  };
}
