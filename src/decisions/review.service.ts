import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { CcgsService } from '../ccgs/ccgs.service.js';
import { DomainError } from '../common/domain-error.js';
import { parseOrThrow, withFieldPrefix } from '../common/validation.js';
import { PrismaService } from '../prisma/prisma.service.js';
import type { FamilyOutcome } from '../rules/rule-family.js';
import { RulesService } from '../rules/rules.service.js';
import type { RuleTrace } from '../rules/trace.js';
import { DecisionDocuments } from './decision-documents.service.js';
import { confirmSchema, overrideSchema } from './review.schemas.js';

/** Board staff confirm a proposed decision or override it with a reason. The engine's proposal
 *  stays on the row beside what was issued. */
@Injectable()
export class ReviewService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly rules: RulesService,
    private readonly documents: DecisionDocuments,
  ) {}

  async confirm(decisionId: string, body: unknown, actor: Actor) {
    const { note } = parseOrThrow(confirmSchema, body ?? {});
    return this.issue(decisionId, actor, (proposed) => ({ final: proposed, overridden: false, reason: null, note: note ?? null }));
  }

  async override(decisionId: string, body: unknown, actor: Actor) {
    const req = parseOrThrow(overrideSchema, body);
    return this.issue(decisionId, actor, (proposed, familyId) => {
      const family = this.rules.family(familyId);
      const outcome = parseOrThrow(family.overrideSchema, req.outcome, 'outcome');
      const final = withFieldPrefix('outcome', () => family.override(proposed, outcome));
      return { final, overridden: true, reason: req.reason, note: null };
    });
  }

  private async issue(
    decisionId: string,
    actor: Actor,
    decide: (proposed: FamilyOutcome, familyId: string) => { final: FamilyOutcome; overridden: boolean; reason: string | null; note: string | null },
  ) {
    const decision = await this.prisma.decision.findUnique({
      where: { id: decisionId },
      include: { assessment: true, evaluation: true },
    });
    if (!decision) throw DomainError.notFound('decision', decisionId);
    if (decision.status !== 'proposed') throw new DomainError('CONFLICT', `decision ${decisionId} was already issued`);

    const proposed: FamilyOutcome = { key: decision.proposedKey, outcome: decision.proposedOutcome as Record<string, unknown> };
    const { final, overridden, reason, note } = decide(proposed, decision.assessment.family);
    const family = this.rules.family(decision.assessment.family);
    const reviewedAt = new Date();
    const { template, document, templatesVersion } = await this.documents.render(decision, { final, overridden, reason, reviewedBy: actor.name, reviewedAt });

    return this.prisma.$transaction(async (tx) => {
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
          reviewedBy: actor.name,
          reviewedAt,
        },
      });
      if (count === 0) throw new DomainError('CONFLICT', `decision ${decisionId} was already issued`);
      await tx.assessment.update({ where: { id: decision.assessmentId }, data: { status: 'decided' } });
      await family.onIssued?.(
        {
          decisionId,
          assessmentId: decision.assessmentId,
          evaluationId: decision.evaluationId,
          subject: decision.assessment.subject,
          period: decision.assessment.period,
          key: final.key,
          outcome: final.outcome,
          overridden,
          issuedAt: reviewedAt,
        },
        tx,
        this.audit,
        actor,
      );
      await this.audit.append(tx, {
        actor,
        action: overridden ? 'decision.overridden' : 'decision.confirmed',
        entityType: 'decision',
        entityId: decisionId,
        payload: {
          assessmentId: decision.assessmentId,
          proposedKey: proposed.key,
          issuedKey: final.key,
          ...(overridden ? { reason, outcome: final.outcome } : {}),
          ...(note ? { note } : {}),
        },
      });
      return { id: decisionId, status: 'issued', key: final.key, overridden, document: `/api/v1/decisions/${decisionId}/document` };
    });
  }
}
