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
  // One statement, guarded on the status: a proposal published or withdrawn meanwhile (its row
  // locked by that change) is waited for, read again, and left alone — not given this run.
  const updated = await tx.$queryRawUnsafe<{ id: string }[]>(
    `UPDATE rule_set_proposals SET simulation_run_id = $1::uuid
     WHERE hash = $2 AND status IN ('proposed', 'approved') AND ($3::uuid IS NULL OR id = $3::uuid)
     RETURNING id::text AS id`,
    run.id,
    run.candidateHash,
    onlyProposal ?? null,
  );
  if (updated.length === 0) return [];
  const ids = updated.map((p) => p.id).sort();
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
