import { Injectable } from '@nestjs/common';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { CcgsService } from '../ccgs/ccgs.service.js';
import { DomainError } from '../common/domain-error.js';
import { diffJson } from '../evaluations/outcome-diff.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { RulesService } from '../rules/rules.service.js';
import { ClaimsService } from './claims.service.js';
import { CAN, type ConsoleSession } from './console-session.js';
import { overrideFields } from './override-form.js';
import { explanationRows, factRows, when } from './review-view.js';

const show = (v: unknown): string => (v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v));

/** Everything the review page shows about one assessment, from the generic tables and the
 *  family's contract only, so a new family needs no page code. */
@Injectable()
export class AssessmentPageService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly assessments: AssessmentsService,
    private readonly rules: RulesService,
    private readonly ccgs: CcgsService,
    private readonly claims: ClaimsService,
  ) {}

  async view(id: string, session: ConsoleSession) {
    const a = await this.assessments.get(id);
    const family = this.rules.family(a.family);
    const evaluation = a.evaluations[0];
    const decision = a.decisions[0];
    const ccg = await this.ccgs.subjectContext(family, a.subject).catch(() => undefined);
    const claim = (await this.claims.live([id], session)).get(id) ?? null;

    const previous = await this.prisma.assessment.findFirst({
      where: { subject: a.subject, family: a.family, createdAt: { lt: a.createdAt }, id: { not: a.id } },
      orderBy: { createdAt: 'desc' },
      include: { decisions: { select: { id: true, status: true, proposedKey: true, finalKey: true }, orderBy: { createdAt: 'desc' }, take: 1 } },
    });
    const changes = previous ? diffJson(previous.facts, a.facts).map((d) => ({ path: d.path, before: show(d.stored), now: show(d.replayed) })) : [];

    // An issued decision of the same family, subject and period: issuing this one amends it.
    const standing = await this.prisma.decision.findFirst({
      where: { status: 'issued', id: { not: decision?.id }, assessment: { family: a.family, subject: a.subject, period: a.period } },
      select: { id: true, finalKey: true, reviewedAt: true, reviewedBy: true },
    });
    const reviewing = a.status === 'awaiting_review' && decision?.status === 'proposed';
    // Board staff review only what the family lets them issue; a panel issues the others.
    const modes = family.issueModes;
    const boardIssues = modes.includes('confirm') || modes.includes('override');
    const canReview = CAN.review.includes(session.role) && boardIssues;
    return {
      title: `${family.title}: ${ccg?.name ?? a.subject}, ${a.period}`,
      assessment: { ...a, statusLabel: a.status.replace('_', ' '), submittedAt: when(a.createdAt) },
      family: { id: family.id, title: family.title },
      ccg,
      facts: factRows(a.facts),
      evaluation: evaluation ? { ...evaluation, rows: explanationRows(evaluation.results) } : null,
      decision: decision ?? null,
      standing: standing ? { ...standing, reviewedAt: standing.reviewedAt ? when(standing.reviewedAt) : null } : null,
      previous: previous
        ? {
            id: previous.id,
            period: previous.period,
            createdAt: when(previous.createdAt),
            decision: previous.decisions[0] ?? null,
            changes,
            unchanged: changes.length === 0,
          }
        : null,
      claim: claim ? { ...claim, until: when(claim.expiresAt) } : null,
      // A claim another reviewer holds is theirs until it lapses: no second Claim button.
      canClaim: reviewing && canReview && !claim,
      canAct: reviewing && canReview && claim?.mine === true,
      canConfirm: modes.includes('confirm'),
      canOverride: modes.includes('override'),
      panelIssues: reviewing && modes.includes('panel'),
      // Where the panel works it: the family's own page, named by its contract.
      panelReviewPath: family.console?.reviewPath?.(a.subject) ?? null,
      claimedByOther: reviewing && claim && !claim.mine ? claim : null,
      reviewing,
      overrideFields: overrideFields(family.overrideSchema),
    };
  }

  familyOf(id: string) {
    return this.rules.family(id);
  }

  /** The decision behind an assessment that a form acts on, or 404/409. */
  async proposedDecision(assessmentId: string): Promise<string> {
    const decision = await this.prisma.decision.findFirst({
      where: { assessmentId },
      orderBy: { createdAt: 'desc' },
      select: { id: true, status: true },
    });
    if (!decision) throw new DomainError('NOT_READY', 'this assessment has no proposed decision yet');
    return decision.id;
  }
}
