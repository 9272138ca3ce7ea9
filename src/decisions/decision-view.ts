import type { RuleSetDocument } from '../rules/rule-set.schema.js';
import type { CcgContext, FamilyOutcome } from '../rules/rule-family.js';
import type { RuleTrace } from '../rules/trace.js';

export interface DecisionViewInput {
  familyId: string;
  familyTitle: string;
  /** `provenance` (set at intake): documents say when the facts are not a real submission. */
  assessment: { id: string; subject: string; period: string; provenance?: string };
  ccg?: CcgContext;
  ruleSet: { hash: string; document: RuleSetDocument };
  evaluationId: string;
  decisionId: string;
  rules: RuleTrace[];
  proposed: FamilyOutcome;
  /** Present once a reviewer has issued the decision. */
  review?: {
    final: FamilyOutcome;
    overridden: boolean;
    reason: string | null;
    reviewedBy: string;
    reviewedAt: Date;
    /** The issued decision this one replaces (an amendment), and why. */
    amends?: { decisionId: string; issuedAt: Date | null; reason: string };
  };
}

/** The one view every decision template receives. */
export function buildDecisionView(input: DecisionViewInput) {
  const { review } = input;
  const shown = review?.final ?? input.proposed;
  return {
    family: input.familyId,
    familyTitle: input.familyTitle,
    title: `${input.familyTitle}: ${input.ccg?.name ?? input.assessment.subject}, ${input.assessment.period}`,
    status: review ? 'issued' : 'proposed',
    subject: {
      code: input.assessment.subject,
      name: input.ccg?.name ?? input.assessment.subject,
      areaTeamName: input.ccg?.areaTeamName ?? null,
      regionName: input.ccg?.regionName ?? null,
    },
    period: input.assessment.period,
    assessmentId: input.assessment.id,
    provenance: input.assessment.provenance ?? 'submitted',
    evaluationId: input.evaluationId,
    decisionId: input.decisionId,
    ruleSet: {
      hash: input.ruleSet.hash,
      id: input.ruleSet.document.id,
      version: input.ruleSet.document.version,
      title: input.ruleSet.document.title,
      source: input.ruleSet.document.source,
    },
    key: shown.key,
    outcome: shown.outcome,
    proposedKey: input.proposed.key,
    proposedOutcome: input.proposed.outcome,
    overridden: review?.overridden ?? false,
    overrideReason: review?.reason ?? null,
    reviewedBy: review?.reviewedBy ?? null,
    reviewedAt: review?.reviewedAt.toISOString() ?? null,
    amends: review?.amends ? { ...review.amends, issuedAt: review.amends.issuedAt?.toISOString() ?? null } : null,
    rules: input.rules,
  };
}
