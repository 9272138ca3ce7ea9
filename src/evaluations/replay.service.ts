import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { DomainError } from '../common/domain-error.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { RulesService } from '../rules/rules.service.js';
import { expandTraces } from '../rules/trace.js';
import { diffJson } from './outcome-diff.js';

/** Re-runs an evaluation's stored facts on its stored rule-set version (by content hash, from
 *  the database if the file has since changed) and says whether the outcome is identical. */
@Injectable()
export class ReplayService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly rules: RulesService,
  ) {}

  async replay(evaluationId: string, actor: Actor) {
    const evaluation = await this.prisma.evaluation.findUnique({ where: { id: evaluationId }, include: { assessment: true } });
    if (!evaluation) throw DomainError.notFound('evaluation', evaluationId);
    const family = this.rules.family(evaluation.assessment.family);
    const ruleSet = await this.rules.byContentHash(evaluation.ruleSetHash);
    const replayed = await this.rules.run(family, evaluation.ruleSetHash, ruleSet, evaluation.facts as Record<string, unknown>);

    const differences = diffJson(
      { key: evaluation.outcomeKey, outcome: evaluation.outcome, rules: expandTraces(evaluation.results, ruleSet) },
      JSON.parse(JSON.stringify({ key: replayed.result.key, outcome: replayed.result.outcome, rules: replayed.rules })),
    );
    const identical = differences.length === 0;
    await this.audit.record({
      actor,
      action: 'evaluation.replayed',
      entityType: 'evaluation',
      entityId: evaluationId,
      payload: { ruleSetHash: evaluation.ruleSetHash, identical, differences: differences.length },
    });
    const decision = await this.prisma.decision.findFirst({ where: { evaluationId }, select: { id: true } });
    return {
      evaluationId,
      /** What the evaluation was of, and the decision it proposed, so a reader can go back to them. */
      assessmentId: evaluation.assessmentId,
      decisionId: decision?.id ?? null,
      ruleSetHash: evaluation.ruleSetHash,
      identical,
      verdict: identical ? 'same' : 'different',
      stored: { key: evaluation.outcomeKey, outcome: evaluation.outcome },
      replayed: { key: replayed.result.key, outcome: replayed.result.outcome },
      differences,
    };
  }
}
