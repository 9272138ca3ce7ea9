import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { Tx } from '../prisma/prisma.service.js';

/** A simulation run as a proposal records it. */
export interface SimulationRunRef {
  id: string;
  candidateHash: string;
  counts: unknown;
}

/**
 * The "simulated" step of publishing: the open proposals (proposed or approved) of exactly the
 * run's content (same hash) record the run, each with an audit event, in the caller's transaction.
 * Called when a run is made, and when a proposal is made of content already simulated.
 */
export async function recordSimulationOnProposals(
  tx: Tx,
  audit: AuditService,
  actor: Actor,
  run: SimulationRunRef,
  onlyProposal?: string,
): Promise<string[]> {
  const proposals = await tx.ruleSetProposal.findMany({
    where: { hash: run.candidateHash, status: { in: ['proposed', 'approved'] }, ...(onlyProposal ? { id: onlyProposal } : {}) },
    select: { id: true },
  });
  if (proposals.length === 0) return [];
  const ids = proposals.map((p) => p.id);
  await tx.ruleSetProposal.updateMany({ where: { id: { in: ids } }, data: { simulationRunId: run.id } });
  await audit.appendMany(
    tx,
    ids.map((id) => ({
      actor,
      action: 'ruleset.proposal.simulated',
      entityType: 'rule-set-proposal',
      entityId: id,
      payload: { simulationRunId: run.id, hash: run.candidateHash, counts: run.counts },
    })),
  );
  return ids;
}

/** The latest run of a content hash, if any. */
export async function latestSimulationOf(tx: Tx, hash: string): Promise<SimulationRunRef | undefined> {
  const run = await tx.simulationRun.findFirst({
    where: { candidateHash: hash },
    orderBy: { createdAt: 'desc' },
    select: { id: true, candidateHash: true, counts: true },
  });
  return run ?? undefined;
}
