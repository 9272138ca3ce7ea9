import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Prisma, RuleSetProposal } from '../generated/prisma/client.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { RuleSetProposalBody } from '../common/api-responses.js';
import { DomainError } from '../common/domain-error.js';
import { parseOrThrow } from '../common/validation.js';
import { PrismaService, type Tx } from '../prisma/prisma.service.js';
import { FamilyRegistry } from '../rules/family-registry.js';
import { publishedSource, readPublishedRuleSets, type TakenOver } from '../rules/published-rule-sets.js';
import { PublishedRuleSetsWatcher } from '../rules/published-rule-sets.watcher.js';
import type { LoadedRuleSet } from '../rules/rule-set.loader.js';
import type { RuleSetDocument } from '../rules/rule-set.schema.js';
import { RulesService } from '../rules/rules.service.js';
import { checkCandidate } from './candidate.js';
import { latestSimulationOf, recordSimulationOnProposals } from './proposal-simulations.js';
import {
  approvalRefusal,
  asPublishProblem,
  notInForceRefusal,
  PROPOSAL_STATUSES,
  publishRefusal,
  standingOver,
  takenOver,
  withChangeReason,
  withdrawalRefusal,
  type ProposalState,
} from './rule-set-publishing.js';
import { SimulationService } from './simulation.service.js';

const reason = z.string().trim().min(3, 'give a reason of at least 3 characters').max(4000);

export const proposalRequestSchema = z.strictObject({
  /** The candidate rule set, checked as a file in rules/<family>/ is (422 names the JSON pointer into it). */
  candidate: z.record(z.string(), z.unknown()),
  /** Written into the candidate as its changeReason (needed when it starts inside a period another version covers). */
  changeReason: reason.optional(),
});
export const approvalRequestSchema = z.strictObject({ note: z.string().trim().min(1).max(4000).optional() });
export const publishRequestSchema = z.strictObject({});
export const withdrawalRequestSchema = z.strictObject({ reason });
export const proposalQuerySchema = z.strictObject({
  status: z.enum(PROPOSAL_STATUSES).optional(),
  family: z.string().min(1).max(100).optional(),
});

const ENTITY = 'rule-set-proposal';
/** Publishings one at a time: each is checked against the versions the one before it left in force. */
const PUBLISH_LOCK = 'rule-set-publishing';

const changedMeanwhile = () => new DomainError('CHANGED_MEANWHILE', 'the proposal changed while this request was being served: read it again');
const isoDay = (day: string) => new Date(`${day}T00:00:00Z`);
const label = (d: RuleSetDocument) => `${d.id}@${d.version}`;

/**
 * Publishing a rule set under control (four eyes): propose a candidate, approve it (an admin other
 * than the proposer), simulate exactly that content, publish. A published version is registered
 * as a RuleSetVersion of origin `published`; this process uses it at once and the others on the
 * notification (PublishedRuleSetsWatcher). Every step is an audit event in its own transaction.
 */
@Injectable()
export class RuleSetProposalsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly rules: RulesService,
    private readonly families: FamilyRegistry,
    private readonly simulations: SimulationService,
    private readonly watcher: PublishedRuleSetsWatcher,
  ) {}

  async propose(body: unknown, actor: Actor): Promise<RuleSetProposalBody> {
    const req = parseOrThrow(proposalRequestSchema, body);
    const candidate = withChangeReason(req.candidate, req.changeReason);
    const { set, family } = this.simulations.check(JSON.stringify(candidate));
    const inForce = this.rules.list().find((s) => s.hash === set.hash);
    if (inForce) throw DomainError.invalid([{ field: 'candidate', message: `is the version in force already (${inForce.file})` }], 'CONFLICT');
    const d = set.document;
    const id = randomUUID();
    await this.prisma.$transaction(async (tx) => {
      await tx.ruleSetProposal.create({
        data: {
          id,
          family: family.id,
          content: d as unknown as Prisma.InputJsonValue,
          hash: set.hash,
          ruleSetId: d.id,
          version: d.version,
          effectiveFrom: isoDay(d.effective.from),
          effectiveTo: d.effective.to ? isoDay(d.effective.to) : null,
          changeReason: d.changeReason ?? null,
          proposedBy: actor.name,
          proposedByKey: actor.keyId ?? null,
        },
      });
      await this.audit.append(tx, {
        actor,
        action: 'ruleset.proposal.proposed',
        entityType: ENTITY,
        entityId: id,
        payload: { family: family.id, hash: set.hash, ruleSet: label(d), effective: d.effective, changeReason: d.changeReason ?? null },
      });
      // Content simulated before it was proposed needs no second run.
      const run = await latestSimulationOf(tx, set.hash);
      if (run) await recordSimulationOnProposals(tx, this.audit, actor, run, id);
    });
    return this.get(id);
  }

  async list(query: unknown): Promise<{ items: RuleSetProposalBody[] }> {
    const { status, family } = parseOrThrow(proposalQuerySchema, query, 'query');
    const rows = await this.prisma.ruleSetProposal.findMany({
      where: { ...(status ? { status } : {}), ...(family ? { family } : {}) },
      orderBy: [{ proposedAt: 'desc' }, { id: 'asc' }],
      take: 500,
    });
    return { items: rows.map((r) => this.view(r, false)) };
  }

  async get(id: string): Promise<RuleSetProposalBody> {
    return this.view(await this.find(this.prisma, id), true);
  }

  async approve(id: string, body: unknown, actor: Actor): Promise<RuleSetProposalBody> {
    const { note } = parseOrThrow(approvalRequestSchema, body ?? {});
    const proposal = await this.find(this.prisma, id);
    const refusal = approvalRefusal(stateOf(proposal), actor);
    if (refusal) throw refusal;
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.ruleSetProposal.updateMany({
        where: { id, status: 'proposed' },
        data: { status: 'approved', approvedBy: actor.name, approvedByKey: actor.keyId ?? null, approvedAt: new Date(), approvalNote: note ?? null },
      });
      if (count === 0) throw changedMeanwhile();
      await this.audit.append(tx, {
        actor,
        action: 'ruleset.proposal.approved',
        entityType: ENTITY,
        entityId: id,
        payload: { hash: proposal.hash, proposedBy: proposal.proposedBy, proposedByKey: proposal.proposedByKey, note: note ?? null },
      });
    });
    return this.get(id);
  }

  async publish(id: string, body: unknown, actor: Actor): Promise<RuleSetProposalBody> {
    parseOrThrow(publishRequestSchema, body ?? {});
    await this.find(this.prisma, id);
    const hash = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${PUBLISH_LOCK}))`;
      const proposal = await this.find(tx, id);
      const state = stateOf(proposal);
      if (!state.simulationRunId) {
        // A run made while the proposal was being made (neither saw the other): look once more.
        const run = await latestSimulationOf(tx, proposal.hash);
        if (run) state.simulationRunId = (await recordSimulationOnProposals(tx, this.audit, actor, run, id)).length > 0 ? run.id : null;
      }
      const refusal = publishRefusal(state);
      if (refusal) throw refusal;

      // As the versions stand now, read under the lock: others may have been published since it was
      // proposed. Start-up and every refresh check it against this same list (standingRuleSets).
      const files = this.rules.fileSets();
      const published = await readPublishedRuleSets(tx);
      const standing = standingOver(files, published);
      const set = publishable(proposal, this.families, standing);
      const inForce = standing.find((s) => s.hash === set.hash);
      if (inForce) throw DomainError.invalid([{ field: 'candidate', message: `is the version in force already (${inForce.file})` }], 'CONFLICT');
      const takesOver = takenOver(set, standing);
      // In force as every process will put it, or refused before anything is written.
      const notInForce = notInForceRefusal(files, published, { proposalId: id, set, takesOver: takesOver.map((t) => t.hash) });
      if (notInForce) throw notInForce;

      // The database's clock and the next place in the order, read under the lock: publishings
      // are applied in this order in every process, whatever app server's clock served them.
      const [{ at, seq }] = await tx.$queryRaw<{ at: Date; seq: number }[]>`
        SELECT clock_timestamp() AS at, (COALESCE(MAX(published_seq), 0) + 1)::int AS seq FROM rule_set_proposals`;
      const { count } = await tx.ruleSetProposal.updateMany({
        where: { id, status: 'approved' },
        data: {
          status: 'published',
          publishedBy: actor.name,
          publishedAt: at,
          publishedSeq: seq,
          takesOver: takesOver as unknown as Prisma.InputJsonValue,
        },
      });
      if (count === 0) throw changedMeanwhile();
      await this.register(tx, set, id);
      await this.audit.appendMany(tx, [
        {
          actor,
          action: 'ruleset.proposal.published',
          entityType: ENTITY,
          entityId: id,
          payload: {
            hash: set.hash,
            ruleSet: label(set.document),
            effective: set.document.effective,
            changeReason: set.document.changeReason ?? null,
            simulationRunId: state.simulationRunId,
            proposedBy: proposal.proposedBy,
            proposedByKey: proposal.proposedByKey,
            approvedBy: proposal.approvedBy,
            approvedByKey: proposal.approvedByKey,
            takesOver,
          },
        },
        {
          actor,
          action: 'ruleset.registered',
          entityType: 'ruleset',
          entityId: set.hash,
          payload: {
            family: set.document.family,
            id: set.document.id,
            version: set.document.version,
            effective: set.document.effective,
            origin: 'published',
            proposal: id,
            changeReason: set.document.changeReason ?? null,
          },
        },
      ]);
      return set.hash;
    });
    // In force here at once; elsewhere on the notification (or the next refresh).
    await this.watcher.refresh();
    await this.watcher.announce(hash);
    return this.get(id);
  }

  async withdraw(id: string, body: unknown, actor: Actor): Promise<RuleSetProposalBody> {
    const req = parseOrThrow(withdrawalRequestSchema, body ?? {});
    const proposal = await this.find(this.prisma, id);
    const refusal = withdrawalRefusal(stateOf(proposal));
    if (refusal) throw refusal;
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.ruleSetProposal.updateMany({
        where: { id, status: { in: ['proposed', 'approved'] } },
        data: { status: 'withdrawn', withdrawnBy: actor.name, withdrawnAt: new Date(), withdrawnReason: req.reason },
      });
      if (count === 0) throw changedMeanwhile();
      await this.audit.append(tx, {
        actor,
        action: 'ruleset.proposal.withdrawn',
        entityType: ENTITY,
        entityId: id,
        payload: { hash: proposal.hash, was: proposal.status, reason: req.reason },
      });
    });
    return this.get(id);
  }

  /** The version row, origin `published`. Content once loaded from a file no longer on disk has a
   *  row already (the same hash): it becomes the published version. */
  private async register(tx: Tx, set: LoadedRuleSet, proposalId: string): Promise<void> {
    const d = set.document;
    const source = publishedSource(proposalId);
    const existing = await tx.ruleSetVersion.findUnique({ where: { hash: set.hash }, select: { hash: true } });
    if (existing) {
      await tx.ruleSetVersion.update({ where: { hash: set.hash }, data: { origin: 'published', source } });
      return;
    }
    await tx.ruleSetVersion.create({
      data: {
        hash: set.hash,
        family: d.family,
        ruleSetId: d.id,
        version: d.version,
        effectiveFrom: isoDay(d.effective.from),
        effectiveTo: d.effective.to ? isoDay(d.effective.to) : null,
        source,
        content: d as unknown as Prisma.InputJsonValue,
        origin: 'published',
      },
    });
  }

  private async find(db: PrismaService | Tx, id: string): Promise<RuleSetProposal> {
    const row = await db.ruleSetProposal.findUnique({ where: { id } });
    if (!row) throw DomainError.notFound('rule-set proposal', id, 'id');
    return row;
  }

  private view(p: RuleSetProposal, withCandidate: boolean): RuleSetProposalBody {
    const d = p.content as unknown as RuleSetDocument;
    const at = (date: Date | null) => date?.toISOString() ?? null;
    return {
      id: p.id,
      family: p.family,
      hash: p.hash,
      ruleSet: { id: d.id, version: d.version, title: d.title, effective: d.effective },
      changeReason: p.changeReason,
      status: p.status,
      proposedBy: p.proposedBy,
      proposedAt: p.proposedAt.toISOString(),
      approvedBy: p.approvedBy,
      approvedAt: at(p.approvedAt),
      approvalNote: p.approvalNote,
      publishedBy: p.publishedBy,
      publishedAt: at(p.publishedAt),
      withdrawnBy: p.withdrawnBy,
      withdrawnAt: at(p.withdrawnAt),
      withdrawnReason: p.withdrawnReason,
      simulationRunId: p.simulationRunId,
      takesOver: (p.takesOver as TakenOver[] | null) ?? null,
      ...(withCandidate ? { candidate: p.content as Record<string, unknown> } : {}),
      links: {
        self: `/api/v1/rule-sets/proposals/${p.id}`,
        simulation: p.simulationRunId ? `/api/v1/rule-sets/simulations/${p.simulationRunId}` : null,
        ruleSet: p.status === 'published' ? `/api/v1/rulesets/${p.hash}` : null,
      },
    };
  }
}

const stateOf = (p: RuleSetProposal): ProposalState => ({
  status: p.status,
  hash: p.hash,
  proposedBy: p.proposedBy,
  proposedByKey: p.proposedByKey,
  simulationRunId: p.simulationRunId,
});

/** The proposal's content parsed and checked once, as the versions stand now (checkCandidate:
 *  a start inside another version's period without a reason is its `changeReason`), named as
 *  the published version it becomes. */
function publishable(proposal: RuleSetProposal, families: FamilyRegistry, standing: readonly LoadedRuleSet[]): LoadedRuleSet {
  try {
    const { set } = checkCandidate(JSON.stringify(proposal.content), families, standing);
    return { ...set, file: publishedSource(proposal.id) };
  } catch (error) {
    throw asPublishProblem(error);
  }
}
