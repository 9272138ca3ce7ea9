import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Prisma, Provenance } from '../generated/prisma/client.js';
import { AUDIT_INSERT, AuditService, type AuditInput } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { CcgsService } from '../ccgs/ccgs.service.js';
import { contentHash } from '../common/canonical-json.js';
import { DomainError, type FieldIssue } from '../common/domain-error.js';
import { parseOrThrow } from '../common/validation.js';
import { withFieldPrefix, withFieldPrefixAsync } from '../rules/family-problems.js';
import { isUniqueViolation } from '../prisma/prisma-errors.js';
import { PrismaService, type Tx } from '../prisma/prisma.service.js';
import { RulesService } from '../rules/rules.service.js';
import { assessmentRequestSchema } from './assessment.schemas.js';
import { keyOf, lockKeys, supersedeEarlier } from '../decisions/current-decision.js';
import { EvaluationQueueService } from './evaluation-queue.service.js';
import type { z } from 'zod';
import type { assessmentAcceptedSchema } from '../common/api-responses.js';

export interface ValidAssessment {
  family: string;
  subject: string;
  period: string;
  /** Set at intake (default `submitted`), kept on the assessment, never in the facts. */
  provenance: Provenance;
  facts: Record<string, unknown>;
}

export interface IntakeResponse {
  status: number;
  body: Record<string, unknown>;
}

export interface BatchItemResult {
  index: number;
  id?: string;
  /** `already-assessed`: only with `skipIfAssessed`, the key had an assessment; nothing written. */
  status: 'queued' | 'rejected' | 'already-assessed';
  statusCode: number;
  message?: string;
  issues?: FieldIssue[];
}

const accepted = (id: string): z.infer<typeof assessmentAcceptedSchema> => ({
  id,
  status: 'queued',
  links: { self: `/api/v1/assessments/${id}` },
});

/** Takes assessments in: validates them against their family, writes each with its audit event
 *  in one transaction, then queues its evaluation. */
@Injectable()
export class IntakeService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly rules: RulesService,
    private readonly ccgs: CcgsService,
    private readonly queue: EvaluationQueueService,
  ) {}

  /** Everything that can be said about a request before it is written: the error names the field. */
  async validate(body: unknown, prefix = ''): Promise<ValidAssessment> {
    const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
    const req = parseOrThrow(assessmentRequestSchema, body, prefix);
    const family = this.rules.family(req.family, at('family'));
    const period = parseOrThrow(family.periodSchema, req.period, at('period'));
    const ruleSet = this.rules.effectiveFor(family, period, at('period'));
    const subject = family.subjectKind === 'ccg' ? req.subject.toUpperCase() : req.subject;
    const ccg = await this.ccgs.subjectContext(family, subject, at('subject'));
    const facts = parseOrThrow(family.factsSchema, req.facts, at('facts'), 'INVALID_FACTS') as Record<string, unknown>;
    const problems = family.checkFacts?.(facts, ruleSet.document) ?? [];
    if (problems.length > 0) {
      throw DomainError.invalid(
        problems.map((p) => ({ field: at(`facts.${p.path}`), message: p.message })),
        'INVALID_FACTS',
      );
    }
    const history = family.loadContext
      ? await withFieldPrefixAsync(
          prefix,
          () => family.loadContext!({ subject, period, facts, ruleSetOn: (f, day) => this.rules.onDay(f, day) }, this.prisma),
          'INVALID_FACTS',
        )
      : undefined;
    const context = { subject, period, ccg, family: history };
    // Problems that need the register (e.g. no population anywhere) show now, not in the worker.
    withFieldPrefix(prefix, () => family.engineFacts(facts, context, ruleSet.document), 'INVALID_FACTS');
    return { family: family.id, subject, period, provenance: req.provenance, facts };
  }

  async submit(body: unknown, actor: Actor, idempotencyKey?: string): Promise<IntakeResponse> {
    const requestHash = contentHash(body ?? null);
    if (idempotencyKey) {
      const prior = await this.priorResponse(idempotencyKey, requestHash, actor);
      if (prior) return prior;
    }
    const valid = await this.validate(body);
    const id = randomUUID();
    const response: IntakeResponse = { status: 202, body: accepted(id) };
    try {
      await this.prisma.$transaction(async (tx) => {
        await lockKeys(tx, [valid]);
        await this.write(tx, id, valid, actor);
        await supersedeEarlier(tx, [id], actor);
        if (idempotencyKey) {
          await tx.idempotencyRecord.create({
            data: { key: idempotencyKey, actor: actor.name, requestHash, status: response.status, body: response.body as Prisma.InputJsonValue },
          });
        }
      });
    } catch (error) {
      // Two requests with one key raced: the loser answers with the winner's response.
      if (idempotencyKey && isUniqueViolation(error)) {
        const prior = await this.priorResponse(idempotencyKey, requestHash, actor);
        if (prior) return prior;
      }
      throw error;
    }
    await this.queue.enqueue([id]);
    return response;
  }

  /** Each item stands alone: bad rows are reported with their fields, good rows are written and
   *  queued. Good rows are written in one transaction for speed. With `skipIfAssessed` (a sweep),
   *  an item whose key already has an assessment is left alone, checked under the key's lock so
   *  that a submission committed meanwhile counts, and reported `already-assessed`. */
  async submitBatch(items: unknown[], actor: Actor, options: { skipIfAssessed?: boolean } = {}): Promise<BatchItemResult[]> {
    const results: BatchItemResult[] = [];
    const valid: { index: number; id: string; assessment: ValidAssessment }[] = [];
    const firstOfKey = new Map<string, number>();
    for (let index = 0; index < items.length; index++) {
      try {
        const assessment = await this.validate(items[index]);
        // Two items of one key in one batch: the second would supersede the first at once.
        const first = firstOfKey.get(keyOf(assessment));
        if (first !== undefined) {
          throw new DomainError('DUPLICATE', `item ${first} of this batch has the same family, subject and period`, [
            { field: 'subject', message: `same family, subject and period as item ${first}` },
          ]);
        }
        firstOfKey.set(keyOf(assessment), index);
        valid.push({ index, id: randomUUID(), assessment });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({ index, status: 'rejected', statusCode: error.status, message: error.message, issues: error.issues });
      }
    }
    const skipped = valid.length > 0 ? await this.writeBatch(valid, actor, options.skipIfAssessed === true) : new Set<string>();
    const written = valid.filter((v) => !skipped.has(v.id));
    if (written.length > 0) await this.queue.enqueue(written.map((v) => v.id));
    for (const v of valid) {
      if (skipped.has(v.id)) {
        results.push({ index: v.index, status: 'already-assessed', statusCode: 200, message: 'this family, subject and period is already assessed' });
      } else {
        results.push({ index: v.index, id: v.id, status: 'queued', statusCode: 202 });
      }
    }
    return results.sort((a, b) => a.index - b.index);
  }

  /** Every row and its audit event in one statement, in one transaction with the superseding of
   *  earlier assessments of the same keys: a batch import is the bulk path, so it skips the
   *  client-side query building of a typed createMany. With `skipIfAssessed`, items whose key
   *  has an assessment once the keys are locked are not written; returns their ids. */
  private async writeBatch(valid: { id: string; assessment: ValidAssessment }[], actor: Actor, skipIfAssessed: boolean): Promise<Set<string>> {
    const skipped = new Set<string>();
    const rows = valid.map(({ id, assessment: a }) => ({
      id,
      family: a.family,
      subject: a.subject,
      period: a.period,
      provenance: a.provenance,
      facts: a.facts,
      audit: this.createdEvent(id, a, actor).payload,
    }));
    await this.prisma.$transaction(
      async (tx) => {
        await lockKeys(
          tx,
          valid.map((v) => v.assessment),
        );
        if (skipIfAssessed) {
          const assessed = await tx.$queryRawUnsafe<{ family: string; subject: string; period: string }[]>(
            `SELECT DISTINCT a.family, a.subject, a.period FROM assessments a
             JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(family, subject, period) USING (family, subject, period)`,
            valid.map((v) => v.assessment.family),
            valid.map((v) => v.assessment.subject),
            valid.map((v) => v.assessment.period),
          );
          const keys = new Set(assessed.map(keyOf));
          for (const v of valid) if (keys.has(keyOf(v.assessment))) skipped.add(v.id);
        }
        const fresh = rows.filter((r) => !skipped.has(r.id));
        if (fresh.length === 0) return;
        await tx.$executeRawUnsafe(
          `WITH input AS (SELECT * FROM jsonb_to_recordset($1::text::jsonb)
                          AS r(id uuid, family text, subject text, period text, provenance "Provenance", facts jsonb, audit jsonb)),
         created AS (
           INSERT INTO assessments (id, family, subject, period, provenance, facts, created_by, updated_at)
           SELECT id, family, subject, period, provenance, facts, $3, now() FROM input)
         ${AUDIT_INSERT}
         SELECT $2::timestamptz, $3, $4, 'assessment.created', 'assessment', id::text, audit FROM input`,
          JSON.stringify(fresh),
          new Date(),
          actor.name,
          actor.role,
        );
        await supersedeEarlier(
          tx,
          fresh.map((r) => r.id),
          actor,
        );
      },
      { timeout: 60_000 },
    );
    this.audit.sealSoon();
    return skipped;
  }

  private async write(tx: Tx, id: string, a: ValidAssessment, actor: Actor): Promise<void> {
    await tx.assessment.create({ data: this.row(id, a, actor) });
    await this.audit.append(tx, this.createdEvent(id, a, actor));
  }

  private row(id: string, a: ValidAssessment, actor: Actor) {
    return {
      id,
      family: a.family,
      subject: a.subject,
      period: a.period,
      provenance: a.provenance,
      facts: a.facts as Prisma.InputJsonValue,
      createdBy: actor.name,
    };
  }

  private createdEvent(id: string, a: ValidAssessment, actor: Actor): AuditInput {
    return {
      actor,
      action: 'assessment.created',
      entityType: 'assessment',
      entityId: id,
      payload: { family: a.family, subject: a.subject, period: a.period, provenance: a.provenance, factsHash: contentHash(a.facts) },
    };
  }

  private async priorResponse(key: string, requestHash: string, actor: Actor): Promise<IntakeResponse | undefined> {
    const prior = await this.prisma.idempotencyRecord.findUnique({ where: { key } });
    if (!prior) return undefined;
    if (prior.actor !== actor.name || prior.requestHash !== requestHash) {
      throw new DomainError('DUPLICATE', 'Idempotency-Key was already used with a different request', [
        { field: 'Idempotency-Key', message: 'reused with a different body or caller' },
      ]);
    }
    return { status: prior.status, body: prior.body as Record<string, unknown> };
  }
}
