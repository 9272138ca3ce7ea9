import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { CLAIM_TTL_MS, type ConsoleSession } from './console-session.js';
import { clockTime } from './review-view.js';

export interface ClaimView {
  claimantId: string;
  claimantName: string;
  expiresAt: Date;
  mine: boolean;
}

/** Claims on assessments awaiting review, so two people do not review the same one. A claim
 *  lapses after CLAIM_TTL_MS; then anyone may take the item. Taking and releasing are audited. */
@Injectable()
export class ClaimsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  async claim(assessmentId: string, session: ConsoleSession): Promise<ClaimView> {
    return this.prisma.$transaction(async (tx) => {
      const assessment = await tx.assessment.findUnique({ where: { id: assessmentId }, select: { status: true } });
      if (!assessment) throw DomainError.notFound('assessment', assessmentId);
      if (assessment.status !== 'awaiting_review')
        throw new DomainError('NOT_READY', `this assessment is ${assessment.status.replace('_', ' ')}, not awaiting review`);
      const now = new Date();
      const expiresAt = new Date(now.getTime() + CLAIM_TTL_MS);
      // One statement decides: a new claim, a renewal of one's own, or the takeover of a lapsed one.
      const taken = await tx.$queryRaw<{ claimant_id: string }[]>`
        INSERT INTO review_claims (assessment_id, claimant_id, claimant_name, claimed_at, expires_at)
        VALUES (${assessmentId}::uuid, ${session.apiKeyId}::uuid, ${session.actor.name}, ${now}, ${expiresAt})
        ON CONFLICT (assessment_id) DO UPDATE
          SET claimant_id = EXCLUDED.claimant_id, claimant_name = EXCLUDED.claimant_name,
              claimed_at = EXCLUDED.claimed_at, expires_at = EXCLUDED.expires_at
          WHERE review_claims.expires_at <= ${now} OR review_claims.claimant_id = EXCLUDED.claimant_id
        RETURNING claimant_id`;
      if (taken.length === 0) {
        const holder = await tx.reviewClaim.findUnique({ where: { assessmentId } });
        throw new DomainError(
          'CLAIMED',
          `${holder?.claimantName ?? 'someone else'} is reviewing this assessment, until ${holder ? clockTime(holder.expiresAt) : 'soon'} at the latest`,
        );
      }
      await this.audit.append(tx, {
        actor: session.actor,
        action: 'assessment.claimed',
        entityType: 'assessment',
        entityId: assessmentId,
        payload: { expiresAt: expiresAt.toISOString() },
      });
      return { claimantId: session.apiKeyId, claimantName: session.actor.name, expiresAt, mine: true };
    });
  }

  async release(assessmentId: string, session: ConsoleSession): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.reviewClaim.deleteMany({ where: { assessmentId, claimantId: session.apiKeyId } });
      if (count === 0) throw new DomainError('CLAIMED', 'you do not hold a claim on this assessment');
      await this.audit.append(tx, { actor: session.actor, action: 'assessment.released', entityType: 'assessment', entityId: assessmentId });
    });
  }

  /** Live claims on the given assessments, by assessment id. */
  async live(assessmentIds: string[], session: ConsoleSession): Promise<Map<string, ClaimView>> {
    const rows = await this.prisma.reviewClaim.findMany({ where: { assessmentId: { in: assessmentIds }, expiresAt: { gt: new Date() } } });
    return new Map(
      rows.map((r) => [
        r.assessmentId,
        { claimantId: r.claimantId, claimantName: r.claimantName, expiresAt: r.expiresAt, mine: r.claimantId === session.apiKeyId },
      ]),
    );
  }

  /** A review may be issued from the console only by the holder of a live claim. */
  async requireMine(assessmentId: string, session: ConsoleSession): Promise<void> {
    const claim = (await this.live([assessmentId], session)).get(assessmentId);
    if (!claim) throw new DomainError('CLAIMED', 'claim this assessment before you confirm or override it (an earlier claim may have lapsed)');
    if (!claim.mine)
      throw new DomainError('CLAIMED', `${claim.claimantName} is reviewing this assessment, until ${clockTime(claim.expiresAt)} at the latest`);
  }
}
