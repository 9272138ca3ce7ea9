import { Injectable } from '@nestjs/common';
import { AUDIT_INSERT, AuditService } from '../audit/audit.service.js';
import { WORKER_ACTOR } from '../auth/actor.js';
import { GroupCommit } from '../common/group-commit.js';
import { PrismaService } from '../prisma/prisma.service.js';

export interface EvaluationRecord {
  evaluationId: string;
  decisionId: string;
  assessmentId: string;
  ruleSetHash: string;
  ruleSetLabel: string;
  engineFacts: unknown;
  /** What the family's loadContext read; undefined when it has none (stored as NULL). */
  context?: unknown;
  rules: unknown;
  outcomeKey: string;
  outcome: unknown;
  template: string;
  templatesVersion: string;
  jobId?: string;
}

/** What the worker reads of an assessment it has claimed. */
export interface ClaimedAssessment {
  id: string;
  family: string;
  subject: string;
  period: string;
  facts: unknown;
}

export type Claim = { kind: 'claimed'; assessment: ClaimedAssessment } | { kind: 'missing' } | { kind: 'done'; status: string };

interface ClaimRequest {
  assessmentId: string;
  jobId?: string;
}

/** Batches as large as a busy worker's concurrency; two in flight so one gathers while one commits. */
const BATCHING = { maxBatch: 200, maxInFlight: 2 };

/**
 * The worker's two writes, each one statement for a whole batch of concurrent jobs (group
 * commit): a change and its audit events travel in one round trip, as a data-modifying CTE is
 * one implicit transaction. This is the hot path of every evaluation, so it goes to the `pg`
 * pool directly with fixed statement texts, and each job is acknowledged only after its own
 * rows have committed.
 */
@Injectable()
export class EvaluationRepository {
  private readonly claims = new GroupCommit<ClaimRequest, Claim>((batch) => this.claimBatch(batch), BATCHING);
  private readonly saves = new GroupCommit<EvaluationRecord, boolean>((batch) => this.saveBatch(batch), BATCHING);

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  /** queued/failed/evaluating → evaluating (audited), returning what the job needs; or why not:
   *  the assessment is missing, or already evaluated or decided. */
  claim(assessmentId: string, jobId?: string): Promise<Claim> {
    return this.claims.submit({ assessmentId, jobId });
  }

  /** Evaluation + proposed Decision + status + audit event, all or nothing. Resolves false when
   *  the assessment is no longer being evaluated: a duplicated job found it evaluated, or a newer
   *  assessment of its key superseded it. */
  save(record: EvaluationRecord): Promise<boolean> {
    return this.saves.submit(record);
  }

  private async claimBatch(batch: ClaimRequest[]): Promise<Claim[]> {
    // The join with `assessments` reads the rows as they were before the update: their prior status.
    const { rows } = await this.prisma.pool.query<{
      id: string;
      prior: string | null;
      claimed: boolean;
      family: string;
      subject: string;
      period: string;
      facts: unknown;
    }>({
      name: 'evaluation-claim',
      text: `
        WITH input AS (
          SELECT DISTINCT ON (id) id, job_id FROM unnest($1::uuid[], $2::text[]) AS i(id, job_id)),
        updated AS (
          UPDATE assessments a SET status = 'evaluating', attempts = a.attempts + 1, updated_at = now()
          FROM input WHERE a.id = input.id AND a.status IN ('queued', 'evaluating', 'failed')
          RETURNING a.id, a.family, a.subject, a.period, a.facts, input.job_id),
        audit AS (
          ${AUDIT_INSERT}
          SELECT $3::timestamptz, $4, $5, 'assessment.evaluating', 'assessment', u.id::text, jsonb_build_object('jobId', u.job_id)
          FROM updated u)
        SELECT i.id, a.status::text AS prior, u.id IS NOT NULL AS claimed, u.family, u.subject, u.period, u.facts
        FROM input i LEFT JOIN assessments a ON a.id = i.id LEFT JOIN updated u ON u.id = i.id`,
      values: [batch.map((c) => c.assessmentId), batch.map((c) => c.jobId ?? null), new Date(), WORKER_ACTOR.name, WORKER_ACTOR.role],
    });
    this.audit.sealSoon();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return batch.map(({ assessmentId }): Claim => {
      const r = byId.get(assessmentId);
      if (!r || r.prior === null) return { kind: 'missing' };
      if (!r.claimed) return { kind: 'done', status: r.prior };
      return { kind: 'claimed', assessment: { id: r.id, family: r.family, subject: r.subject, period: r.period, facts: r.facts } };
    });
  }

  private async saveBatch(batch: EvaluationRecord[]): Promise<boolean[]> {
    // One JSON parameter carries the batch: JSON.stringify is native, and PostgreSQL parses it once.
    const input = batch.map((r) => ({
      e: r.evaluationId,
      d: r.decisionId,
      a: r.assessmentId,
      h: r.ruleSetHash,
      k: r.outcomeKey,
      facts: r.engineFacts,
      context: r.context,
      results: r.rules,
      outcome: r.outcome,
      t: r.template,
      v: r.templatesVersion,
      audit: {
        evaluationId: r.evaluationId,
        decisionId: r.decisionId,
        ruleSetHash: r.ruleSetHash,
        ruleSet: r.ruleSetLabel,
        outcomeKey: r.outcomeKey,
        jobId: r.jobId ?? null,
      },
    }));
    const { rows } = await this.prisma.pool.query<{ evaluation_id: string }>({
      name: 'evaluation-save',
      text: `
        WITH input AS (
          SELECT (r->>'e')::uuid AS evaluation_id, (r->>'d')::uuid AS decision_id, (r->>'a')::uuid AS assessment_id,
                 r->>'h' AS rule_set_hash, r->>'k' AS outcome_key, r->'facts' AS facts, r->'context' AS context, r->'results' AS results,
                 r->'outcome' AS outcome, r->>'t' AS template, r->>'v' AS templates_version, r->'audit' AS audit
          FROM jsonb_array_elements($1::jsonb) AS r),
        -- Only an assessment still being evaluated takes the proposal: one superseded meanwhile by
        -- a newer assessment of its key, or already evaluated by a duplicate job, takes nothing.
        assessment AS (
          UPDATE assessments a SET status = 'awaiting_review', error = NULL, updated_at = now()
          FROM input WHERE a.id = input.assessment_id AND a.status IN ('queued', 'evaluating', 'failed')
          RETURNING a.id),
        evaluation AS (
          INSERT INTO evaluations (id, assessment_id, rule_set_hash, facts, context, results, outcome, outcome_key)
          SELECT evaluation_id, assessment_id, rule_set_hash, facts, context, results, outcome, outcome_key
          FROM input JOIN assessment ON assessment.id = input.assessment_id
          ON CONFLICT (assessment_id, rule_set_hash) DO NOTHING
          RETURNING id),
        written AS (SELECT input.* FROM input JOIN evaluation ON evaluation.id = input.evaluation_id),
        decision AS (
          INSERT INTO decisions (id, assessment_id, evaluation_id, proposed_key, proposed_outcome, template, templates_version)
          SELECT decision_id, assessment_id, evaluation_id, outcome_key, outcome, template, templates_version FROM written),
        audit AS (
          ${AUDIT_INSERT}
          SELECT $2::timestamptz, $3, $4, 'evaluation.completed', 'assessment', assessment_id::text, audit FROM written)
        SELECT id AS evaluation_id FROM evaluation`,
      values: [JSON.stringify(input), new Date(), WORKER_ACTOR.name, WORKER_ACTOR.role],
    });
    this.audit.sealSoon();
    const written = new Set(rows.map((r) => r.evaluation_id));
    return batch.map((r) => written.has(r.evaluationId));
  }
}
