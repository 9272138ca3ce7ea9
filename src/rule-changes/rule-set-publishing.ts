import { DomainError, type FieldIssue } from '../common/domain-error.js';
import { contendersOf, standingRuleSets, type PublishedRuleSet, type TakenOver } from '../rules/published-rule-sets.js';
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
  /** The proposer's key name (for messages) and key id (who proposed it). */
  proposedBy: string;
  proposedByKey: string | null;
  simulationRunId: string | null;
}

/** Who asks to approve: an API key (its name is for messages only). */
export interface Approver {
  name: string;
  keyId?: string;
}

/**
 * Four eyes is per API key: "not the proposer" means another key than the one that proposed, as
 * names are not unique (two admins may share one, and one key must not pass for another by it).
 * Two keys held by one person are two approvers here; issuing them is the control (audited).
 * Where a key is unknown (a proposal recorded before keys were), a matching name refuses.
 */
export function isProposer(p: ProposalState, approver: Approver): boolean {
  if (p.proposedByKey && approver.keyId) return p.proposedByKey === approver.keyId;
  return p.proposedBy === approver.name;
}

const statusIssue = (message: string): FieldIssue => ({ field: 'status', message });

/** Why `approver` may not approve the proposal, or undefined. The proposer never may (403). */
export function approvalRefusal(p: ProposalState, approver: Approver): DomainError | undefined {
  if (isProposer(p, approver)) {
    const message = `this API key (${approver.name}) proposed this version: an admin with another key must approve it (four eyes)`;
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

/** A candidate problem of publishing as the API names it: the candidate's start inside another
 *  version's period without a reason (checkCandidate's `/effective/from`) is the proposal's
 *  missing `changeReason` (§1.9), which only a new proposal can give. */
export function asPublishProblem(error: unknown): unknown {
  if (!(error instanceof DomainError) || error.status !== 422) return error;
  const fromIssue = error.issues.find((i) => i.field === '/effective/from');
  if (!fromIssue) return error;
  return DomainError.invalid([
    {
      field: 'changeReason',
      message: `${fromIssue.message}; withdraw this proposal and propose the candidate again with a changeReason`,
    },
  ]);
}

/** The versions in force `set` is published over: the same id, or overlapping dates, among the
 *  versions as they stand (`standingOver`). Start-up and every refresh check each published version
 *  against that same list (standingRuleSets): a file there may overlap it only if it is one of
 *  these, or one a version among these was published over in turn. */
export function takenOver(set: LoadedRuleSet, standing: readonly LoadedRuleSet[]): TakenOver[] {
  return contendersOf(set, standing).map((s) => ({ hash: s.hash, source: s.file, id: s.document.id, version: s.document.version }));
}

const conflictIssues = (conflicts: readonly string[], why: string): DomainError =>
  DomainError.invalid(
    conflicts.map((message) => ({ field: 'candidate', message: `${why}: ${message}` })),
    'CONFLICT',
  );

/** The versions in force that a proposal is published over: the files of this process with the
 *  published versions in place, as start-up makes them. 409 naming each conflict when a file here
 *  contradicts a published version: this process does not stand where the others do, and what it
 *  would record as taken over would not be what they check. */
export function standingOver(files: readonly LoadedRuleSet[], published: readonly PublishedRuleSet[]): LoadedRuleSet[] {
  const { sets, conflicts } = standingRuleSets(files, published);
  if (conflicts.length > 0) throw conflictIssues(conflicts, 'the rule sets of this process contradict a published version');
  return sets;
}

/** 409 unless `next`, published after `published`, would be in force as start-up and every refresh
 *  would put it (standingRuleSets), with no file contradicting it: asked before anything is
 *  written, so a version is never answered "published" and then left out. */
export function notInForceRefusal(
  files: readonly LoadedRuleSet[],
  published: readonly PublishedRuleSet[],
  next: PublishedRuleSet,
): DomainError | undefined {
  const { sets, conflicts } = standingRuleSets(files, [...published, next]);
  if (conflicts.length > 0) return conflictIssues(conflicts, 'it would not be in force');
  if (!sets.some((s) => s.hash === next.set.hash)) {
    const d = next.set.document;
    return conflictIssues([`${d.id}@${d.version} (hash ${next.set.hash}) would not stand among the versions in force`], 'it would not be in force');
  }
  return undefined;
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
