import { randomUUID } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { Tx } from '../prisma/prisma.service.js';
import type { IssuedDecision } from '../rules/rule-family.js';
import type { InterventionOutcome } from './intervention.decider.js';
import { quarterStart } from './quarter.js';

/**
 * The family's `onIssued` hook: runs in the transaction that issues the decision, so the CCG's
 * recorded level changes exactly when the decision does. A quarter issued again (a corrected
 * assessment) replaces the earlier record; the audit event keeps what it replaced.
 */
export async function recordInterventionQuarter(
  decision: IssuedDecision<InterventionOutcome>,
  tx: Tx,
  audit: AuditService,
  actor: Actor,
): Promise<void> {
  const assessment = await tx.assessment.findUniqueOrThrow({ where: { id: decision.assessmentId }, select: { facts: true } });
  const o = decision.outcome;
  const record = {
    level: o.level,
    proposedLevel: o.overriddenFrom?.level ?? o.level,
    outcomeKey: decision.key,
    overridden: decision.overridden,
    facts: assessment.facts as Prisma.InputJsonValue,
    assessmentId: decision.assessmentId,
    decisionId: decision.decisionId,
    issuedBy: actor.name,
    issuedAt: decision.issuedAt,
  };
  const prior = await tx.interventionQuarter.findUnique({
    where: { ccgCode_quarter: { ccgCode: decision.subject, quarter: decision.period } },
    select: { id: true, level: true, decisionId: true },
  });
  const row = prior
    ? await tx.interventionQuarter.update({ where: { id: prior.id }, data: record })
    : await tx.interventionQuarter.create({
        data: {
          id: randomUUID(),
          ccgCode: decision.subject,
          quarter: decision.period,
          quarterStart: new Date(quarterStart(decision.period)),
          ...record,
        },
      });
  await audit.append(tx, {
    actor,
    action: prior ? 'intervention.level.replaced' : 'intervention.level.recorded',
    entityType: 'intervention-quarter',
    entityId: row.id,
    payload: {
      ccg: decision.subject,
      quarter: decision.period,
      level: o.level,
      previousLevel: o.previousLevel,
      movement: o.movement,
      decisionId: decision.decisionId,
      overridden: decision.overridden,
      ...(prior ? { replaced: { level: prior.level, decisionId: prior.decisionId } } : {}),
    },
  });
}
