import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.js';
import type { SealedAuditRecord } from '../audit/audit-chain.js';
import { auditEventJson, AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { parseOrThrow } from '../common/validation.js';
import { ReviewService } from '../decisions/review.service.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { FamilyProblemsError } from '../rules/rule-family.js';
import type { ReconfigurationOutcome } from './reconfiguration.decider.js';
import { reconfigurationFamily } from './reconfiguration.family.js';
import {
  applyPanelResults,
  issueRequestSchema,
  judgementProblems,
  judgementsRequestSchema,
  unjudgedTests,
  type StoredJudgement,
} from './reconfiguration.panel.js';

const FAMILY = reconfigurationFamily.id;

const toStored = (j: { id: string; judgedBy: string; judgedAt: Date; agrees: boolean; result: string; reason: string | null }): StoredJudgement => ({
  id: j.id,
  judgedBy: j.judgedBy,
  judgedAt: j.judgedAt.toISOString(),
  agrees: j.agrees,
  result: j.result as StoredJudgement['result'],
  reason: j.reason,
});

/** The panel's work on a proposal: judgements per test, issuing the stage 2 assurance report
 *  through the shared review, and the proposal's one timeline. */
@Injectable()
export class ReconfigurationService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly review: ReviewService,
  ) {}

  /** The report a request is about: the one named, or the proposal's only report awaiting the panel. */
  private async openDecision(ref: string, decisionId: string | undefined) {
    const assessments = await this.prisma.assessment.findMany({ where: { family: FAMILY, subject: ref }, select: { id: true } });
    if (assessments.length === 0) throw DomainError.notFound('proposal', ref);
    const decisions = await this.prisma.decision.findMany({
      where: { assessmentId: { in: assessments.map((a) => a.id) }, ...(decisionId ? { id: decisionId } : { status: 'proposed' }) },
      orderBy: { createdAt: 'desc' },
    });
    if (decisionId && decisions.length === 0) throw DomainError.notFound('decision of this proposal', decisionId, 'decisionId');
    if (decisions.length === 0)
      throw new DomainError('NOT_READY', `proposal ${ref} has no assurance report awaiting the panel (is its evaluation finished?)`);
    if (decisions.length > 1) {
      throw DomainError.invalid([
        {
          field: 'decisionId',
          message: `proposal ${ref} has ${decisions.length} reports awaiting the panel: name one (${decisions.map((d) => d.id).join(', ')})`,
        },
      ]);
    }
    const decision = decisions[0];
    if (decision.status !== 'proposed') throw new DomainError('ALREADY_ISSUED', `decision ${decision.id} was already issued`);
    return { ...decision, engine: decision.proposedOutcome as unknown as ReconfigurationOutcome };
  }

  async recordJudgements(ref: string, body: unknown, actor: Actor) {
    const req = parseOrThrow(judgementsRequestSchema, body);
    const decision = await this.openDecision(ref, req.decisionId);
    const problems = judgementProblems(req.judgements, decision.engine);
    if (problems.length > 0) throw DomainError.invalid(problems.map((p) => ({ field: p.path, message: p.message })));

    const engineResult = (test: string) => decision.engine.tests.find((t) => t.id === test)!.result;
    const rows = await this.prisma.$transaction(async (tx) => {
      // Lock the decision: a report being issued at this moment either sees these judgements or refuses them.
      const [locked] = await tx.$queryRaw<{ status: string }[]>`SELECT status::text FROM decisions WHERE id = ${decision.id}::uuid FOR UPDATE`;
      if (locked?.status !== 'proposed') throw new DomainError('ALREADY_ISSUED', `decision ${decision.id} was already issued`);
      const written = [];
      for (const j of req.judgements) {
        const row = await tx.reconfigurationJudgement.create({
          data: {
            id: randomUUID(),
            proposalRef: ref,
            assessmentId: decision.assessmentId,
            decisionId: decision.id,
            test: j.test,
            engineResult: engineResult(j.test),
            agrees: j.agree,
            result: j.agree ? engineResult(j.test) : j.result!,
            reason: j.reason ?? null,
            judgedBy: actor.name,
          },
        });
        await this.audit.append(tx, {
          actor,
          action: 'reconfiguration.judgement.recorded',
          entityType: 'reconfiguration-judgement',
          entityId: row.id,
          payload: {
            proposalRef: ref,
            decisionId: decision.id,
            test: row.test,
            engineResult: row.engineResult,
            agrees: row.agrees,
            result: row.result,
            reason: row.reason,
          },
        });
        written.push(row);
      }
      return written;
    });
    const judged = await this.prisma.reconfigurationJudgement.findMany({ where: { decisionId: decision.id }, select: { test: true } });
    return {
      proposal: ref,
      decisionId: decision.id,
      judgements: rows.map((r) => ({ test: r.test, engineResult: r.engineResult, ...toStored(r) })),
      awaitingJudgement: unjudgedTests(
        decision.engine,
        judged.map((j) => j.test),
      ),
    };
  }

  /** Issues the report through the shared review as the panel's issue: its judgements travel as
   *  the outcome, so the decision is issued, rendered and audited by the one pipeline. */
  async issue(ref: string, body: unknown, actor: Actor) {
    const req = parseOrThrow(issueRequestSchema, body ?? {});
    const decision = await this.openDecision(ref, req.decisionId);
    const judgements = await this.prisma.reconfigurationJudgement.findMany({ where: { decisionId: decision.id }, orderBy: { judgedAt: 'asc' } });
    const missing = unjudgedTests(
      decision.engine,
      judgements.map((j) => j.test),
    );
    if (missing.length > 0) {
      throw new DomainError(
        'JUDGEMENTS_MISSING',
        `the assurance report needs at least one panel judgement per test; none yet for ${missing.join(', ')}`,
        missing.map((id) => ({ field: `judgements.${id}`, message: 'no panel judgement recorded' })),
      );
    }
    const tests: Record<string, { judgements: StoredJudgement[] }> = {};
    for (const j of judgements) (tests[j.test] ??= { judgements: [] }).judgements.push(toStored(j));
    const outcome = { tests, actions: req.actions, note: req.note ?? null };
    let differences: string[];
    try {
      // The same pure function the review will run: problems are named as the caller sent them.
      differences = applyPanelResults({ key: decision.proposedKey, outcome: decision.engine }, outcome).outcome.differences ?? [];
    } catch (error) {
      if (error instanceof FamilyProblemsError) throw DomainError.invalid(error.problems);
      throw error;
    }
    const reason =
      differences.length > 0
        ? `Stage 2 assurance panel: judged ${Object.keys(tests).length} tests; differs from the rules on ${differences.join(', ')}`
        : `Stage 2 assurance panel: judged ${Object.keys(tests).length} tests; agrees with the rules on every test`;
    const amendment = req.amends ? { amends: req.amends, amendReason: req.amendReason } : {};
    const issued = await this.review.issueByPanel(decision.id, { reason, outcome, ...amendment }, actor);
    return { ...issued, proposal: ref, differences };
  }

  /** Every proposal, newest first, with its latest assessment, how often it was submitted, its
   *  lead CCG and where the latest assessment's report stands. */
  async list() {
    const assessments = await this.prisma.assessment.findMany({
      where: { family: FAMILY },
      orderBy: { createdAt: 'desc' },
      select: {
        id: true,
        subject: true,
        period: true,
        status: true,
        createdAt: true,
        facts: true,
        decisions: {
          orderBy: { createdAt: 'desc' },
          take: 1,
          select: { id: true, status: true, proposedKey: true, finalKey: true, reviewedAt: true },
        },
      },
      take: 1000,
    });
    const latest = new Map<string, (typeof assessments)[number]>();
    const submissions = new Map<string, number>();
    for (const a of assessments) {
      if (!latest.has(a.subject)) latest.set(a.subject, a);
      submissions.set(a.subject, (submissions.get(a.subject) ?? 0) + 1);
    }
    const facts = (a: (typeof assessments)[number]) => a.facts as { title?: string; leadCcg?: string };
    const leads = [...new Set([...latest.values()].map((a) => facts(a).leadCcg).filter((c): c is string => typeof c === 'string'))];
    const ccgs = await this.prisma.ccg.findMany({ where: { odsCode: { in: leads } }, select: { odsCode: true, name: true } });
    const names = new Map(ccgs.map((c) => [c.odsCode, c.name]));
    return {
      items: [...latest.values()].map((a) => {
        const lead = facts(a).leadCcg;
        const report = a.decisions[0];
        return {
          reference: a.subject,
          title: facts(a).title ?? null,
          submissions: submissions.get(a.subject) ?? 1,
          leadCcg: lead ? { code: lead, name: names.get(lead) ?? null } : null,
          latestAssessment: { id: a.id, period: a.period, status: a.status, createdAt: a.createdAt },
          report: report
            ? {
                id: report.id,
                status: report.status,
                engineAssurance: report.proposedKey,
                panelAssurance: report.finalKey,
                issuedAt: report.reviewedAt,
              }
            : null,
          links: { self: `/api/v1/proposals/${encodeURIComponent(a.subject)}` },
        };
      }),
    };
  }

  /** One timeline of a proposal: its assessments (submissions and resubmissions), evaluations,
   *  panel judgements and reports, and the audit events that recorded each step. */
  async timeline(ref: string) {
    const assessments = await this.prisma.assessment.findMany({
      where: { family: FAMILY, subject: ref },
      orderBy: { createdAt: 'asc' },
      include: {
        evaluations: { select: { id: true, ruleSetHash: true, outcomeKey: true, createdAt: true } },
        decisions: { omit: { document: true } },
      },
    });
    if (assessments.length === 0) throw DomainError.notFound('proposal', ref);
    const judgements = await this.prisma.reconfigurationJudgement.findMany({ where: { proposalRef: ref }, orderBy: { judgedAt: 'asc' } });
    const ids = [
      ref,
      ...assessments.map((a) => a.id),
      ...assessments.flatMap((a) => a.evaluations.map((e) => e.id)),
      ...assessments.flatMap((a) => a.decisions.map((d) => d.id)),
      ...judgements.map((j) => j.id),
    ];
    const events = await this.audit.eventsOf(ids);
    const ruleSets = await this.prisma.ruleSetVersion.findMany({
      where: { hash: { in: assessments.flatMap((a) => a.evaluations.map((e) => e.ruleSetHash)) } },
      select: { hash: true, ruleSetId: true, version: true },
    });
    const ruleSetName = new Map(ruleSets.map((r) => [r.hash, `${r.ruleSetId}@${r.version}`]));
    const last = assessments[assessments.length - 1];
    const lastDecision = [...last.decisions].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    return {
      reference: ref,
      title: (last.facts as { title?: string }).title ?? null,
      submissions: assessments.length,
      current: {
        assessmentId: last.id,
        status: last.status,
        assurance: lastDecision ? (lastDecision.finalKey ?? lastDecision.proposedKey) : null,
        issued: lastDecision?.status === 'issued',
      },
      assessments: assessments.map((a, i) => ({
        id: a.id,
        submission: i + 1,
        period: a.period,
        status: a.status,
        createdBy: a.createdBy,
        createdAt: a.createdAt,
        evaluations: a.evaluations.map((e) => ({ ...e, ruleSet: ruleSetName.get(e.ruleSetHash) ?? null })),
        reports: a.decisions.map((d) => ({
          id: d.id,
          status: d.status,
          engineAssurance: d.proposedKey,
          panelAssurance: d.finalKey,
          differences: (d.finalOutcome as { differences?: string[] } | null)?.differences ?? [],
          reviewedBy: d.reviewedBy,
          reviewedAt: d.reviewedAt,
          judgements: judgements.filter((j) => j.decisionId === d.id).map((j) => ({ test: j.test, engineResult: j.engineResult, ...toStored(j) })),
          links: { document: `/api/v1/decisions/${d.id}/document`, decision: `/api/v1/decisions/${d.id}` },
        })),
      })),
      timeline: events.map((e) => auditEventJson(e as SealedAuditRecord)),
    };
  }
}
