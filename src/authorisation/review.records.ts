import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import type { Tx } from '../prisma/prisma.service.js';
import type { IssuedDecision } from '../rules/rule-family.js';
import { CONDITION_ENTITY, lockCcgConditions, STATUS_ENTITY } from './authorisation.records.js';
import { dayDate, isoDay } from './dates.js';
import type { ReviewOutcome } from './review.decider.js';

const KIND = { remove: 'discharged', reschedule: 'rescheduled', escalate: 'escalated', 'de-escalate': 'de-escalated' } as const;

/**
 * An issued review changes the conditions it found on: removed (discharged), rescheduled,
 * escalated (which may bring directions). Each change is an event dated by the review and an
 * audit entry; "review due" items for the condition are resolved. When none remain open the CCG
 * is fully authorised. A condition changed since the review was assessed refuses the issue (409).
 * The CCG's lock is held from before the conditions are read: another review (of another month)
 * or an authorisation of the same CCG issued at the same time waits, then reads what this wrote.
 */
export async function recordReview(decision: IssuedDecision<ReviewOutcome>, tx: Tx, audit: AuditService, actor: Actor): Promise<void> {
  const o = decision.outcome;
  const odsCode = decision.subject;
  const on = dayDate(o.reviewedOn);
  await lockCcgConditions(tx, odsCode);
  for (const c of o.changes) {
    const row = await tx.authorisationCondition.findUnique({ where: { id: c.conditionId } });
    if (!row || row.status !== 'open' || row.level !== c.fromLevel || isoDay(row.dueDate) !== c.fromDueDate) {
      throw new DomainError('CHANGED_MEANWHILE', `condition ${c.conditionId} changed after this review was assessed; submit a new review`);
    }
    await tx.authorisationReviewDue.updateMany({ where: { conditionId: c.conditionId, resolvedAt: null }, data: { resolvedAt: decision.issuedAt } });
    if (c.action === 'keep') continue;
    const status = c.action === 'remove' ? 'discharged' : 'open';
    const dueDate = dayDate(c.dueDate);
    // Under the CCG's lock the row is as read; the guard is the backstop.
    const { count } = await tx.authorisationCondition.updateMany({
      where: { id: c.conditionId, status: 'open', level: c.fromLevel, dueDate: dayDate(c.fromDueDate) },
      data: { status, level: c.toLevel, directions: c.directions, dueDate, ...(c.action === 'remove' ? { closedOn: on } : {}) },
    });
    if (count === 0) {
      throw new DomainError('CHANGED_MEANWHILE', `condition ${c.conditionId} changed after this review was assessed; submit a new review`);
    }
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
