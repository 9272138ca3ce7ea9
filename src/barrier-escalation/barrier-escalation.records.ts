import { randomUUID } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { quarterStart } from '../common/quarter.js';
import type { Tx } from '../prisma/prisma.service.js';
import type { IssuedDecision } from '../rules/rule-family.js';
import type { EscalationOutcome } from './barrier-escalation.decider.js';

/**
 * The family's `onIssued` hook: in the transaction that issues the decision, the subject's
 * escalation for the quarter is recorded (the quarterly letter and the annual report read it). A
 * quarter issued again (an amendment) replaces the record; the audit event keeps what it replaced.
 */
export async function recordBarrierEscalation(decision: IssuedDecision<EscalationOutcome>, tx: Tx, audit: AuditService, actor: Actor): Promise<void> {
  const o = decision.outcome;
  const record = {
    outcomeKey: decision.key,
    proposedKey: o.overriddenFrom?.action ?? o.action,
    inLetter: o.inLetter,
    selectCommittee: o.selectCommittee,
    overridden: decision.overridden,
    outcome: o as unknown as Prisma.InputJsonValue,
    assessmentId: decision.assessmentId,
    decisionId: decision.decisionId,
    issuedBy: actor.name,
    issuedAt: decision.issuedAt,
  };
  const prior = await tx.barrierEscalation.findUnique({
    where: { subjectRef_quarter: { subjectRef: decision.subject, quarter: decision.period } },
    select: { id: true, outcomeKey: true, decisionId: true },
  });
  const row = prior
    ? await tx.barrierEscalation.update({ where: { id: prior.id }, data: record })
    : await tx.barrierEscalation.create({
        data: {
          id: randomUUID(),
          subjectRef: decision.subject,
          quarter: decision.period,
          quarterStart: new Date(quarterStart(decision.period)),
          ...record,
        },
      });
  await audit.append(tx, {
    actor,
    action: prior ? 'barrier-escalation.replaced' : 'barrier-escalation.recorded',
    entityType: 'barrier-escalation',
    entityId: row.id,
    payload: {
      subject: decision.subject,
      quarter: decision.period,
      action: decision.key,
      inLetter: o.inLetter,
      selectCommittee: o.selectCommittee,
      decisionId: decision.decisionId,
      overridden: decision.overridden,
      ...(prior ? { replaced: { action: prior.outcomeKey, decisionId: prior.decisionId } } : {}),
    },
  });
}
