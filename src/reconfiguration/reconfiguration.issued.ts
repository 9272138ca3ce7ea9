import type { Actor } from '../auth/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import type { Tx } from '../prisma/prisma.service.js';
import type { IssuedDecision } from '../rules/rule-family.js';
import type { ReconfigurationOutcome } from './reconfiguration.decider.js';
import { unjudgedTests } from './reconfiguration.panel.js';

/**
 * Runs inside the transaction that issues a reconfiguration decision (only the panel issues one:
 * the family's issue mode): an assurance report goes out only with at least one recorded panel
 * judgement per applicable test, and only with exactly the judgements recorded; otherwise it is
 * refused and nothing is written.
 */
export async function onReconfigurationIssued(
  decision: IssuedDecision<ReconfigurationOutcome>,
  tx: Tx,
  audit: AuditService,
  actor: Actor,
): Promise<void> {
  const outcome = decision.outcome;
  const stored = await tx.reconfigurationJudgement.findMany({ where: { decisionId: decision.decisionId }, select: { id: true, test: true } });
  const missing = unjudgedTests(
    outcome,
    stored.map((j) => j.test),
  );
  if (missing.length > 0) {
    throw new DomainError(
      'JUDGEMENTS_MISSING',
      `the assurance report needs at least one panel judgement per test; none yet for ${missing.join(', ')}`,
      missing.map((id) => ({ field: `judgements.${id}`, message: 'no panel judgement recorded' })),
    );
  }
  const carried = new Map(outcome.tests.filter((t) => t.panel).map((t) => [t.id, new Set(t.panel!.judgements.map((j) => j.id))]));
  const recorded = new Map<string, Set<string>>();
  for (const j of stored) recorded.set(j.test, (recorded.get(j.test) ?? new Set()).add(j.id));
  const same = [...recorded].every(([test, ids]) => carried.get(test)?.size === ids.size && [...ids].every((id) => carried.get(test)!.has(id)));
  if (!same || carried.size !== recorded.size) {
    throw new DomainError(
      'CHANGED_MEANWHILE',
      `an assurance report is issued by the panel with the judgements it recorded: POST /api/v1/proposals/${decision.subject}/issue`,
    );
  }
  await audit.append(tx, {
    actor,
    action: 'reconfiguration.report.issued',
    entityType: 'proposal',
    entityId: decision.subject,
    payload: {
      decisionId: decision.decisionId,
      assessmentId: decision.assessmentId,
      assurance: outcome.assurance,
      engineAssurance: outcome.engineAssurance ?? null,
      differences: outcome.differences ?? [],
      judgements: stored.length,
    },
  });
}
