import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service.js';
import { WORKER_ACTOR } from '../auth/actor.js';
import { CcgsService } from '../ccgs/ccgs.service.js';
import { DocumentRenderer } from '../decisions/document-renderer.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { type SubjectContext, templateFor } from '../rules/rule-family.js';
import { RulesService } from '../rules/rules.service.js';
import { compactTraces } from '../rules/trace.js';
import { EvaluationRepository } from './evaluation.repository.js';

export type EvaluationRun = 'evaluated' | 'already-evaluated' | 'missing';

/**
 * Evaluates one assessment: rules → decider, stored as Evaluation + proposed Decision + audit
 * event in one transaction, shared with the other jobs in flight (group commit). Safe to run
 * twice (BullMQ delivers at least once): the unique (assessment, rule-set hash) key lets exactly
 * one run write.
 */
@Injectable()
export class EvaluationService {
  private readonly logger = new Logger(EvaluationService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly rules: RulesService,
    private readonly ccgs: CcgsService,
    private readonly renderer: DocumentRenderer,
    private readonly repository: EvaluationRepository,
  ) {}

  async evaluate(assessmentId: string, jobId?: string): Promise<EvaluationRun> {
    const claim = await this.repository.claim(assessmentId, jobId);
    if (claim.kind === 'missing') return 'missing';
    if (claim.kind === 'done') return 'already-evaluated';
    const assessment = claim.assessment;

    await this.rules.ready();
    const family = this.rules.family(assessment.family);
    const set = this.rules.effectiveFor(family, assessment.period);
    const facts = family.factsSchema.parse(assessment.facts);
    const ccg = await this.ccgs.subjectContext(family, assessment.subject);
    const history = await family.loadContext?.(
      { subject: assessment.subject, period: assessment.period, facts, ruleSetOn: (f, day) => this.rules.onDay(f, day) },
      this.prisma,
    );
    const context: SubjectContext = { subject: assessment.subject, period: assessment.period, ccg, family: history };
    const { engineFacts, rules, result } = await this.rules.evaluate(family, set, facts, context);

    // The proposal's document is rendered when read (DecisionDocuments); start-up checked that
    // every key's template exists, and an unknown key is a FamilyDefinitionError (permanent).
    const template = templateFor(family, result.key);
    const evaluationId = randomUUID();
    const decisionId = randomUUID();
    const written = await this.repository.save({
      evaluationId,
      decisionId,
      assessmentId,
      ruleSetHash: set.hash,
      ruleSetLabel: `${set.document.id}@${set.document.version}`,
      engineFacts,
      // Kept so that a candidate rule set can be simulated over these facts (src/rule-changes).
      context: history,
      rules: compactTraces(rules),
      outcomeKey: result.key,
      outcome: result.outcome,
      template,
      templatesVersion: this.renderer.version,
      jobId,
    });
    if (!written) return 'already-evaluated';
    this.logger.log({ msg: 'assessment evaluated', assessmentId, jobId, outcomeKey: result.key });
    return 'evaluated';
  }

  /** Records a failure that retrying will not mend, or the last of the retries. */
  async markFailed(assessmentId: string, message: string, jobId?: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.assessment.updateMany({
        where: { id: assessmentId, status: { in: ['queued', 'evaluating'] } },
        data: { status: 'failed', error: message.slice(0, 2000) },
      });
      if (count === 0) return;
      await this.audit.append(tx, {
        actor: WORKER_ACTOR,
        action: 'assessment.failed',
        entityType: 'assessment',
        entityId: assessmentId,
        payload: { error: message.slice(0, 2000), jobId: jobId ?? null },
      });
    });
  }
}
