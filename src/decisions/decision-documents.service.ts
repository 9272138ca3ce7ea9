import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Assessment, Decision, Evaluation } from '../generated/prisma/client.js';
import { CcgsService } from '../ccgs/ccgs.service.js';
import { DomainError } from '../common/domain-error.js';
import { PrismaService } from '../prisma/prisma.service.js';
import type { FamilyOutcome } from '../rules/rule-family.js';
import { RulesService } from '../rules/rules.service.js';
import { expandTraces } from '../rules/trace.js';
import type { DecisionViewInput } from './decision-view.js';
import { DocumentRenderer } from './document-renderer.js';
import { sendDocument } from './send-document.js';

export type StoredDecision = Decision & { assessment: Assessment; evaluation: Evaluation };

export interface RenderedDocument {
  template: string;
  document: string;
  templatesVersion: string;
}

/**
 * A decision's document, always built from what is stored with it (the evaluation's traces, the
 * proposal, the review), so any document can be rendered again. Issued decisions keep the
 * document they were issued with; a proposal's is rendered when someone reads it, which keeps
 * the evaluation path free of a 19 KB document per assessment that may never be opened.
 */
@Injectable()
export class DecisionDocuments {
  constructor(
    private readonly prisma: PrismaService,
    private readonly rules: RulesService,
    private readonly ccgs: CcgsService,
    private readonly renderer: DocumentRenderer,
  ) {}

  async render(decision: StoredDecision, review?: DecisionViewInput['review']): Promise<RenderedDocument> {
    const family = this.rules.family(decision.assessment.family);
    const ruleSet = await this.rules.byContentHash(decision.evaluation.ruleSetHash);
    const ccg = await this.ccgs.subjectContext(family, decision.assessment.subject);
    const proposed: FamilyOutcome = { key: decision.proposedKey, outcome: decision.proposedOutcome as Record<string, unknown> };
    const { template, document } = this.renderer.decisionDocument(family, {
      assessment: decision.assessment,
      ccg,
      ruleSet: { hash: decision.evaluation.ruleSetHash, document: ruleSet },
      evaluationId: decision.evaluationId,
      decisionId: decision.id,
      rules: expandTraces(decision.evaluation.results, ruleSet),
      proposed,
      review,
    });
    return { template, document, templatesVersion: this.renderer.version };
  }

  /** The document as issued, or the proposal's as it reads now. */
  async documentOf(id: string): Promise<string> {
    const decision = await this.prisma.decision.findUnique({ where: { id }, include: { assessment: true, evaluation: true } });
    if (!decision) throw DomainError.notFound('decision', id);
    return decision.document ?? (await this.render(decision)).document;
  }

  /** Sends a decision's document under the documents' strict policy. */
  async send(id: string, res: Response): Promise<void> {
    sendDocument(res, await this.documentOf(id));
  }
}
