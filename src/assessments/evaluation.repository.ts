import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client.js';
import { AuditService } from '../audit/audit.service.js';
import { WORKER_ACTOR } from '../auth/actor.js';
import { PrismaService } from '../prisma/prisma.service.js';

export interface EvaluationRecord {
  evaluationId: string;
  decisionId: string;
  assessmentId: string;
  ruleSetHash: string;
  ruleSetLabel: string;
  engineFacts: unknown;
  rules: unknown;
  outcomeKey: string;
  outcome: unknown;
  template: string;
  document: string;
  jobId?: string;
}

const json = (value: unknown) => JSON.stringify(value);

/**
 * The worker's writes, each a single statement: a change and its audit event travel in one round
 * trip (a data-modifying CTE is one implicit transaction). This is the hot path of every
 * evaluation, so it avoids the three to five round trips an interactive transaction costs.
 */
@Injectable()
export class EvaluationRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  /** queued/failed/evaluating → evaluating, audited only when the status matched. */
  async markEvaluating(assessmentId: string, jobId?: string): Promise<void> {
    const updated = Prisma.sql`updated`;
    await this.prisma.$executeRaw`
      WITH updated AS (
        UPDATE assessments SET status = 'evaluating', attempts = attempts + 1, updated_at = now()
        WHERE id = ${assessmentId}::uuid AND status IN ('queued', 'evaluating', 'failed')
        RETURNING id)
      ${this.audit.insertSql({ actor: WORKER_ACTOR, action: 'assessment.evaluating', entityType: 'assessment', entityId: assessmentId, payload: { jobId: jobId ?? null } }, updated)}`;
    this.audit.sealSoon();
  }

  /** Evaluation + proposed Decision + status + audit event, all or nothing. A second write for
   *  the same (assessment, rule-set hash) fails on the unique key: the caller treats that as done. */
  async saveEvaluation(r: EvaluationRecord): Promise<void> {
    await this.prisma.$executeRaw`
      WITH evaluation AS (
        INSERT INTO evaluations (id, assessment_id, rule_set_hash, facts, results, outcome, outcome_key)
        VALUES (${r.evaluationId}::uuid, ${r.assessmentId}::uuid, ${r.ruleSetHash}, ${json(r.engineFacts)}::jsonb,
                ${json(r.rules)}::jsonb, ${json(r.outcome)}::jsonb, ${r.outcomeKey})
        RETURNING id),
      decision AS (
        INSERT INTO decisions (id, assessment_id, evaluation_id, proposed_key, proposed_outcome, template, document)
        SELECT ${r.decisionId}::uuid, ${r.assessmentId}::uuid, evaluation.id, ${r.outcomeKey}, ${json(r.outcome)}::jsonb,
               ${r.template}, ${r.document}
        FROM evaluation
        RETURNING id),
      assessment AS (
        UPDATE assessments SET status = 'awaiting_review', error = NULL, updated_at = now()
        WHERE id = ${r.assessmentId}::uuid
        RETURNING id)
      ${this.audit.insertSql({
        actor: WORKER_ACTOR,
        action: 'evaluation.completed',
        entityType: 'assessment',
        entityId: r.assessmentId,
        payload: { evaluationId: r.evaluationId, decisionId: r.decisionId, ruleSetHash: r.ruleSetHash, ruleSet: r.ruleSetLabel, outcomeKey: r.outcomeKey, jobId: r.jobId ?? null },
      })}`;
    this.audit.sealSoon();
  }
}
