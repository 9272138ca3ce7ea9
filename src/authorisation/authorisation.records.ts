import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import type { Tx } from '../prisma/prisma.service.js';
import type { IssuedDecision } from '../rules/rule-family.js';
import type { AuthorisationOutcome } from './authorisation.decider.js';
import { dayDate } from './dates.js';

export const CONDITION_ENTITY = 'authorisation-condition';
export const STATUS_ENTITY = 'ccg-authorisation';

/**
 * Serialises, until the transaction ends, everything that reads a CCG's conditions and then
 * changes them or acts on them: issuing an authorisation or a review (each holds only its own
 * decision key's lock, and a CCG has several keys: one per wave, one per review month) and a
 * review coming due. Taken after the decision key's lock, never before, so the order is always
 * key then CCG. The reads that decide what to write come after it.
 */
export async function lockCcgConditions(tx: Tx, odsCode: string): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended('authorisation-ccg:' || $1, 0))`, odsCode);
}

/**
 * An issued authorisation decision becomes the CCG's authorisation status and one open condition
 * record per proposed condition, dated by the decision (not by the moment of review), so the
 * state on any past day can be read back. A CCG assessed again (a deferred application, a
 * re-decision) has its earlier open conditions superseded.
 */
export async function recordAuthorisation(decision: IssuedDecision<AuthorisationOutcome>, tx: Tx, audit: AuditService, actor: Actor): Promise<void> {
  const o = decision.outcome;
  const odsCode = decision.subject;
  const on = dayDate(o.assessedOn);
  if (o.deferral) {
    // Nothing is decided on a deferred application: it is assessed again in its later wave.
    await audit.append(tx, {
      actor,
      action: 'authorisation.deferred',
      entityType: STATUS_ENTITY,
      entityId: odsCode,
      payload: { decisionId: decision.decisionId, from: decision.period, ...o.deferral },
    });
    return;
  }

  // Another wave or a review of this CCG issued at the same time waits here, and is read after.
  await lockCcgConditions(tx, odsCode);
  const earlier = await tx.authorisationCondition.findMany({ where: { odsCode, status: 'open' } });
  for (const c of earlier) {
    // Under the CCG's lock nothing else changes it; the guard is the backstop.
    const { count } = await tx.authorisationCondition.updateMany({
      where: { id: c.id, status: 'open' },
      data: { status: 'superseded', closedOn: on },
    });
    if (count === 0) throw new DomainError('CHANGED_MEANWHILE', `condition ${c.id} of ${odsCode} changed while this decision was issued; try again`);
    await tx.authorisationConditionEvent.create({
      data: {
        id: randomUUID(),
        conditionId: c.id,
        odsCode,
        decisionId: decision.decisionId,
        kind: 'superseded',
        on,
        level: c.level,
        dueDate: c.dueDate,
        status: 'superseded',
      },
    });
    await audit.append(tx, {
      actor,
      action: 'authorisation.condition.superseded',
      entityType: CONDITION_ENTITY,
      entityId: c.id,
      payload: { odsCode, decisionId: decision.decisionId },
    });
  }

  const status = {
    period: decision.period,
    wave: Number(decision.period.slice(-1)),
    outcome: decision.key,
    decidedOn: on,
    decisionId: decision.decisionId,
    assessmentId: decision.assessmentId,
    fullyAuthorisedOn: decision.key === 'authorised' ? on : null,
  };
  await tx.ccgAuthorisation.upsert({ where: { odsCode }, create: { odsCode, ...status }, update: status });
  await audit.append(tx, {
    actor,
    action: 'authorisation.status.recorded',
    entityType: STATUS_ENTITY,
    entityId: odsCode,
    payload: {
      decisionId: decision.decisionId,
      period: decision.period,
      outcome: decision.key,
      decidedOn: o.assessedOn,
      conditions: o.conditions.length,
    },
  });

  const created = o.conditions.map((c) => ({ ...c, id: randomUUID(), due: dayDate(c.dueDate) }));
  await tx.authorisationCondition.createMany({
    data: created.map((c) => ({
      id: c.id,
      odsCode,
      decisionId: decision.decisionId,
      criterion: c.criterion,
      domain: c.domain,
      title: c.title,
      gap: c.gap,
      level: c.level,
      directions: c.directions,
      action: c.action,
      note: c.note,
      dueDate: c.due,
      status: 'open',
      openedOn: on,
    })),
  });
  await tx.authorisationConditionEvent.createMany({
    data: created.map((c) => ({
      id: randomUUID(),
      conditionId: c.id,
      odsCode,
      decisionId: decision.decisionId,
      kind: 'opened',
      on,
      level: c.level,
      dueDate: c.due,
      status: 'open',
    })),
  });
  for (const c of created) {
    await audit.append(tx, {
      actor,
      action: 'authorisation.condition.opened',
      entityType: CONDITION_ENTITY,
      entityId: c.id,
      payload: { odsCode, decisionId: decision.decisionId, criterion: c.criterion, level: c.level, directions: c.directions, dueDate: c.dueDate },
    });
  }
}
