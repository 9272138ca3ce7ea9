import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { DomainError } from '../common/domain-error.js';
import { parseOrThrow } from '../common/validation.js';
import { withFieldPrefix } from '../rules/family-problems.js';
import { PrismaService, type Tx } from '../prisma/prisma.service.js';
import { lockKeys, type DecisionKey } from './current-decision.js';
import type { FamilyOutcome, IssueMode, RuleFamily } from '../rules/rule-family.js';
import { RulesService } from '../rules/rules.service.js';
import { DecisionDocuments } from './decision-documents.service.js';
import { confirmSchema, overrideSchema } from './review.schemas.js';
import type { IssuedDecisionBody } from '../common/api-responses.js';

/** What an issue does, as the audit log names it. */
const ISSUE_ACTIONS: Record<IssueMode, string> = {
  confirm: 'decision.confirmed',
  override: 'decision.overridden',
  panel: 'decision.issued-by-panel',
};

interface Issue {
  final: FamilyOutcome;
  overridden: boolean;
  reason: string | null;
  note: string | null;
  /** For a panel's issue: where it departs from the rules. */
  departures?: string[];
}

/** Board staff confirm a proposed decision or override it with a reason; a panel issues its own
 *  judgement, for families that say so. The engine's proposal stays on the row beside what was issued. */
@Injectable()
export class ReviewService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly rules: RulesService,
    private readonly documents: DecisionDocuments,
  ) {}

  async confirm(decisionId: string, body: unknown, actor: Actor) {
    const { note, amends, amendReason } = parseOrThrow(confirmSchema, body ?? {});
    const amendment = amends ? { decisionId: amends, reason: amendReason! } : undefined;
    return this.issue(decisionId, actor, amendment, 'confirm', (proposed) => ({
      final: proposed,
      overridden: false,
      reason: null,
      note: note ?? null,
    }));
  }

  async override(decisionId: string, body: unknown, actor: Actor) {
    return this.issueOwnOutcome(decisionId, body, actor, 'override', (final, reason) => ({ final, overridden: true, reason, note: null }));
  }

  /** A panel issues its judgement (the family's own route has gathered it into the same body an
   *  override takes). The decision is overridden only where the panel departs from the rules. */
  async issueByPanel(decisionId: string, body: unknown, actor: Actor) {
    return this.issueOwnOutcome(decisionId, body, actor, 'panel', (final, reason, proposed, family) => {
      const departures = family.departures?.(final) ?? (final.key === proposed.key ? [] : [final.key]);
      return { final, overridden: departures.length > 0, reason, note: null, departures };
    });
  }

  /** Board staff's or a panel's own outcome: the body's `outcome` through the family's override. */
  private issueOwnOutcome(
    decisionId: string,
    body: unknown,
    actor: Actor,
    mode: 'override' | 'panel',
    finish: (final: FamilyOutcome, reason: string, proposed: FamilyOutcome, family: RuleFamily) => Issue,
  ) {
    const req = parseOrThrow(overrideSchema, body);
    const amendment = req.amends ? { decisionId: req.amends, reason: req.amendReason! } : undefined;
    return this.issue(decisionId, actor, amendment, mode, (proposed, familyId) => {
      const family = this.rules.family(familyId);
      const outcome = parseOrThrow(family.overrideSchema, req.outcome, 'outcome');
      const final = withFieldPrefix('outcome', () => family.override(proposed, outcome));
      return finish(final, req.reason, proposed, family);
    });
  }

  private async issue(
    decisionId: string,
    actor: Actor,
    amendment: { decisionId: string; reason: string } | undefined,
    mode: IssueMode,
    decide: (proposed: FamilyOutcome, familyId: string) => Issue,
  ) {
    const decision = await this.prisma.decision.findUnique({
      where: { id: decisionId },
      include: { assessment: true, evaluation: true },
    });
    if (!decision) throw DomainError.notFound('decision', decisionId);
    if (decision.status === 'superseded') {
      throw new DomainError(
        'SUPERSEDED',
        `decision ${decisionId} was superseded by a newer assessment of ${decision.assessment.subject}, ${decision.assessment.period}`,
      );
    }
    if (decision.status !== 'proposed') throw new DomainError('ALREADY_ISSUED', `decision ${decisionId} was already issued`);
    const { family: familyId, subject, period } = decision.assessment;
    const family = this.rules.family(familyId);
    if (!family.issueModes.includes(mode)) {
      const how = family.issueModes.includes('panel') ? 'a panel issues them' : `they are issued by ${family.issueModes.join(' or ')}`;
      throw new DomainError('ISSUE_MODE', `${family.title} decisions are not issued by ${mode}: ${how}`);
    }
    const standing = await this.standingDecision({ family: familyId, subject, period }, amendment);

    const proposed: FamilyOutcome = { key: decision.proposedKey, outcome: decision.proposedOutcome as Record<string, unknown> };
    const { final, overridden, reason, note, departures } = decide(proposed, familyId);
    const reviewedAt = new Date();
    const amends = standing && amendment ? { decisionId: standing.id, issuedAt: standing.reviewedAt, reason: amendment.reason } : undefined;
    const { template, document, templatesVersion } = await this.documents.render(decision, {
      final,
      overridden,
      reason,
      reviewedBy: actor.name,
      reviewedAt,
      amends,
    });

    return this.prisma.$transaction(async (tx) => {
      // One issuer per key at a time; then what stands is read again under the lock.
      await lockKeys(tx, [decision.assessment]);
      const nowStanding = await this.standingDecision({ family: familyId, subject, period }, amendment, tx);
      // The document rendered above names what it replaces: if that changed meanwhile, start again.
      if (nowStanding?.id !== standing?.id)
        throw new DomainError(
          'CHANGED_MEANWHILE',
          `the decision that stands for ${subject}, ${period} changed while this one was being issued; try again`,
        );
      // The status guard makes two simultaneous reviews safe: one issues, the other gets 409.
      const { count } = await tx.decision.updateMany({
        where: { id: decisionId, status: 'proposed' },
        data: {
          status: 'issued',
          finalKey: final.key,
          finalOutcome: final.outcome as Prisma.InputJsonValue,
          overridden,
          overrideReason: reason,
          template,
          document,
          templatesVersion,
          amends: amends?.decisionId ?? null,
          amendReason: amends?.reason ?? null,
          reviewedBy: actor.name,
          reviewedAt,
        },
      });
      if (count === 0) {
        // Issued by another reviewer, or superseded by a newer assessment, since it was read.
        const now = await tx.decision.findUniqueOrThrow({ where: { id: decisionId }, select: { status: true } });
        if (now.status === 'superseded')
          throw new DomainError('SUPERSEDED', `decision ${decisionId} was superseded by a newer assessment of ${subject}, ${period}`);
        throw new DomainError('ALREADY_ISSUED', `decision ${decisionId} was already issued`);
      }
      if (amends) {
        await tx.decision.update({ where: { id: amends.decisionId }, data: { status: 'superseded', supersededBy: decisionId } });
        await this.audit.append(tx, {
          actor,
          action: 'decision.superseded',
          entityType: 'decision',
          entityId: amends.decisionId,
          payload: { supersededBy: decisionId, reason: amends.reason },
        });
      }
      await tx.assessment.update({ where: { id: decision.assessmentId }, data: { status: 'decided' } });
      await family.onIssued?.(
        {
          decisionId,
          assessmentId: decision.assessmentId,
          evaluationId: decision.evaluationId,
          subject,
          period,
          key: final.key,
          outcome: final.outcome,
          overridden,
          issuedAt: reviewedAt,
          ...(amends ? { replaces: amends.decisionId } : {}),
        },
        tx,
        this.audit,
        actor,
      );
      await this.audit.append(tx, {
        actor,
        action: ISSUE_ACTIONS[mode],
        entityType: 'decision',
        entityId: decisionId,
        payload: {
          assessmentId: decision.assessmentId,
          proposedKey: proposed.key,
          issuedKey: final.key,
          ...(mode === 'panel' ? { reason, departures, outcome: final.outcome } : overridden ? { reason, outcome: final.outcome } : {}),
          ...(note ? { note } : {}),
          ...(amends ? { amends: amends.decisionId, amendReason: amends.reason } : {}),
        },
      });
      const issued: IssuedDecisionBody = {
        id: decisionId,
        status: 'issued',
        key: final.key,
        overridden,
        document: `/api/v1/decisions/${decisionId}/document`,
      };
      return issued;
    });
  }

  /** The issued decision that stands for a key, checked against what the reviewer asked: issuing
   *  over a standing decision must be an amendment that names it, and only it. */
  private async standingDecision(key: DecisionKey, amendment: { decisionId: string } | undefined, tx: Tx = this.prisma) {
    const standing = await tx.decision.findFirst({
      where: { status: 'issued', assessment: { family: key.family, subject: key.subject, period: key.period } },
      select: { id: true, reviewedAt: true },
    });
    if (standing && !amendment) {
      throw new DomainError(
        'DECISION_STANDS',
        `decision ${standing.id} already stands for ${key.subject}, ${key.period}; to replace it, issue an amendment that names it`,
        [{ field: 'amends', message: `name the decision that stands (${standing.id}) and give amendReason` }],
      );
    }
    if (amendment && standing?.id !== amendment.decisionId) {
      throw new DomainError(
        'CONFLICT',
        standing
          ? `decision ${amendment.decisionId} is not the one that stands for ${key.subject}, ${key.period} (${standing.id} is)`
          : `no issued decision stands for ${key.subject}, ${key.period}: there is nothing to amend`,
        [{ field: 'amends', message: standing ? `the decision that stands is ${standing.id}` : 'nothing to amend' }],
      );
    }
    return standing;
  }
}
