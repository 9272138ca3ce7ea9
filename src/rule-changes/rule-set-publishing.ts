import { DomainError, type FieldIssue } from '../common/domain-error.js';
import { contendersOf, type TakenOver } from '../rules/published-rule-sets.js';
import type { LoadedRuleSet } from '../rules/rule-set.loader.js';

/*
 * Publishing a rule set under control (four eyes): a candidate is proposed, approved by an admin
 * who did not propose it, simulated as it stands (a run of the same content hash), and published
 * with a changeReason when it starts inside a period another version covers (draft mandate §1.9).
 * These are the rules of who may do what and when, as pure functions; the service applies them.
 */

export const PROPOSAL_STATUSES = ['proposed', 'approved', 'published', 'withdrawn'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export interface ProposalState {
  status: ProposalStatus;
  hash: string;
  proposedBy: string;
  simulationRunId: string | null;
}

const statusIssue = (message: string): FieldIssue => ({ field: 'status', message });

/** Why `approver` may not approve the proposal, or undefined. The proposer never may (403). */
export function approvalRefusal(p: ProposalState, approver: string): DomainError | undefined {
  if (approver === p.proposedBy) {
    const message = `${approver} proposed this version: an admin other than the proposer must approve it (four eyes)`;
    return new DomainError('FORBIDDEN', message, [{ field: 'approvedBy', message }]);
  }
  if (p.status !== 'proposed') return DomainError.invalid([statusIssue(`is ${p.status}; only a proposed version is approved`)], 'CONFLICT');
  return undefined;
}

/** What publishing still needs (409 naming each), or undefined: a simulation run of this very
 *  content, and an approval. A published or withdrawn proposal is not published (again). */
export function publishRefusal(p: ProposalState): DomainError | undefined {
  if (p.status === 'published' || p.status === 'withdrawn') {
    return DomainError.invalid([statusIssue(`is ${p.status}; only an approved version is published`)], 'CONFLICT');
  }
  const missing: FieldIssue[] = [];
  if (!p.simulationRunId) {
    missing.push({
      field: 'simulationRunId',
      message: `no simulation run of this content (hash ${p.hash}): simulate the proposal's candidate first (POST /api/v1/rule-sets/simulations)`,
    });
  }
  if (p.status !== 'approved') missing.push(statusIssue(`is ${p.status}: an admin other than the proposer must approve it first`));
  return missing.length > 0 ? DomainError.invalid(missing, 'CONFLICT') : undefined;
}

/** A published version stays (decisions rest on it): another is published in its place. */
export function withdrawalRefusal(p: ProposalState): DomainError | undefined {
  if (p.status === 'published') {
    return DomainError.invalid([statusIssue('is published; publish another version in its place instead')], 'CONFLICT');
  }
  if (p.status === 'withdrawn') return DomainError.invalid([statusIssue('is withdrawn already')], 'CONFLICT');
  return undefined;
}

/** The versions in force whose period `set` starts inside (another id of its family). */
export function startsInside(set: LoadedRuleSet, standing: readonly LoadedRuleSet[]): LoadedRuleSet[] {
  const from = set.document.effective.from;
  return standing.filter(
    (s) =>
      s.document.family === set.document.family &&
      s.document.id !== set.document.id &&
      s.document.effective.from <= from &&
      from <= (s.document.effective.to ?? '9999-12-31'),
  );
}

/** 422 naming `changeReason` when `set` starts inside a period another version covers and gives none (§1.9). */
export function changeReasonRefusal(set: LoadedRuleSet, standing: readonly LoadedRuleSet[]): DomainError | undefined {
  const inside = startsInside(set, standing);
  if (inside.length === 0 || set.document.changeReason) return undefined;
  const names = inside.map(
    (s) => `${s.document.id}@${s.document.version} (${s.file}, in force ${s.document.effective.from}..${s.document.effective.to ?? ''})`,
  );
  return DomainError.invalid([
    {
      field: 'changeReason',
      message: `starts ${set.document.effective.from} inside the period of ${names.join(', ')}: an in-year change needs a stated reason (draft mandate §1.9); withdraw this proposal and propose the candidate again with a changeReason`,
    },
  ]);
}

/** The versions in force `set` is published over: the same id, or overlapping dates. Start-up
 *  lets a file overlap a published version only if it is one of these. */
export function takenOver(set: LoadedRuleSet, standing: readonly LoadedRuleSet[]): TakenOver[] {
  return contendersOf(set, standing).map((s) => ({ hash: s.hash, source: s.file, id: s.document.id, version: s.document.version }));
}

/** The candidate with the proposal's changeReason in it (it is part of the content, and so of the
 *  hash a simulation must match); 422 if the candidate already gives another. */
export function withChangeReason(candidate: Record<string, unknown>, changeReason: string | undefined): Record<string, unknown> {
  if (changeReason === undefined) return candidate;
  if (candidate.changeReason !== undefined && candidate.changeReason !== changeReason) {
    return failWith('changeReason', 'differs from the candidate’s own /changeReason: give one reason');
  }
  return { ...candidate, changeReason };
}

function failWith(field: string, message: string): never {
  throw DomainError.invalid([{ field, message }]);
}
