import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import type { Tx } from '../prisma/prisma.service.js';
import type { IssuedDecision } from '../rules/rule-family.js';
import { CONDITION_ENTITY, STATUS_ENTITY } from './authorisation.records.js';
import { dayDate, isoDay } from './dates.js';
import type { ReviewOutcome } from './review.decider.js';

const KIND = { remove: 'discharged', reschedule: 'rescheduled', escalate: 'escalated', 'de-escalate': 'de-escalated' } as const;

/**
 * An issued review changes the conditions it found on: removed (discharged), rescheduled,
 * escalated (which may bring directions). Each change is an event dated by the review and an
 * audit entry; "review due" items for the condition are resolved. When none remain open the CCG
 * is fully authorised. A condition changed since the review was assessed refuses the issue (409).
 */
export async function recordReview(decision: IssuedDecision<ReviewOutcome>, tx: Tx, audit: AuditService, actor: Actor): Promise<void> {
  const o = decision.outcome;
  const odsCode = decision.subject;
  const on = dayDate(o.reviewedOn);
  for (const c of o.changes) {
    const row = await tx.authorisationCondition.findUnique({ where: { id: c.conditionId } });
    if (!row || row.status !== 'open' || row.level !== c.fromLevel || isoDay(row.dueDate) !== c.fromDueDate) {
      throw new DomainError('CHANGED_MEANWHILE', `condition ${c.conditionId} changed after this review was assessed; submit a new review`);
    }
    await tx.authorisationReviewDue.updateMany({ where: { conditionId: c.conditionId, resolvedAt: null }, data: { resolvedAt: decision.issuedAt } });
    if (c.action === 'keep') continue;
    const status = c.action === 'remove' ? 'discharged' : 'open';
    const dueDate = dayDate(c.dueDate);
    await tx.authorisationCondition.update({
      where: { id: c.conditionId },
      data: { status, level: c.toLevel, directions: c.directions, dueDate, ...(c.action === 'remove' ? { closedOn: on } : {}) },
    });
    await tx.authorisationConditionEvent.create({
      data: {
        id: randomUUID(),
        conditionId: c.conditionId,
        odsCode,
        decisionId: decision.decisionId,
        kind: KIND[c.action],
        on,
        level: c.toLevel,
        dueDate,
        status,
      },
    });
    await audit.append(tx, {
      actor,
      action: `authorisation.condition.${KIND[c.action]}`,
      entityType: CONDITION_ENTITY,
      entityId: c.conditionId,
      payload: {
        odsCode,
        decisionId: decision.decisionId,
        finding: c.finding,
        fromLevel: c.fromLevel,
        toLevel: c.toLevel,
        dueDate: c.dueDate,
        directions: c.directions,
      },
    });
  }
  if (o.directionsAdded) {
    await audit.append(tx, {
      actor,
      action: 'authorisation.directions.added',
      entityType: STATUS_ENTITY,
      entityId: odsCode,
      payload: { decisionId: decision.decisionId, reviewedOn: o.reviewedOn },
    });
  }
  const stillOpen = await tx.authorisationCondition.count({ where: { odsCode, status: 'open' } });
  if (stillOpen === 0) {
    await tx.ccgAuthorisation.update({ where: { odsCode }, data: { fullyAuthorisedOn: on } });
    await audit.append(tx, {
      actor,
      action: 'authorisation.fully-authorised',
      entityType: STATUS_ENTITY,
      entityId: odsCode,
      payload: { decisionId: decision.decisionId, on: o.reviewedOn },
    });
  }
}
