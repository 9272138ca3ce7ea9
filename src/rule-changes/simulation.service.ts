import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { CcgsService } from '../ccgs/ccgs.service.js';
import type { SimulationRunBody } from '../common/api-responses.js';
import { DomainError } from '../common/domain-error.js';
import { parseOrThrow } from '../common/validation.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { FamilyRegistry } from '../rules/family-registry.js';
import { RuleSetRunner } from '../rules/rule-engine.js';
import { FamilyProblemsError, templateFor, type RuleFamily, type SubjectContext } from '../rules/rule-family.js';
import { runRules, RulesService } from '../rules/rules.service.js';
import { candidateRunProblem, checkCandidate, inForceFor, type CheckedCandidate } from './candidate.js';
import { recordSimulationOnProposals } from './proposal-simulations.js';
import { foldSimulation, type BaselineRow, type CandidateResult, type SimulationResult } from './simulation.js';
import { simulationCsv } from './simulation-csv.js';

/** The periods a simulation is narrowed to, both ends included (`--over family/from..to`). */
export const periodRangeSchema = z.strictObject({
  from: z.string().min(1).max(40).optional(),
  to: z.string().min(1).max(40).optional(),
});
export type PeriodRange = z.infer<typeof periodRangeSchema>;

export const simulationRequestSchema = z.strictObject({
  /** The candidate rule set, checked as a file in rules/<family>/ is (422 names the JSON pointer into it). */
  candidate: z.record(z.string(), z.unknown()),
  periods: periodRangeSchema.optional(),
});

/** Rows run between two turns of the event loop (a few tens of milliseconds of work). */
const YIELD_EVERY = 100;

/** A stored row of what stands for one (subject, period), with what the candidate needs. */
interface StoredRow {
  baseline: BaselineRow;
  facts: unknown;
  /** What the family's loadContext read when the decision's evaluation ran; absent before it was kept. */
  context: { stored: true; value: unknown } | { stored: false };
}

interface DbRow {
  assessment_id: string;
  subject: string;
  period: string;
  facts: unknown;
  rule_set_hash: string;
  has_context: boolean;
  context: unknown;
  decision_id: string;
  status: 'issued' | 'proposed';
  overridden: boolean;
  key: string;
  outcome: unknown;
  fired: string[];
}

/**
 * Runs a candidate rule set over the stored facts of every assessment it would cover, in this
 * process and off the queue, with the engine, traces and decider the worker uses; writes only the
 * run and its audit event. History the rules read (earlier quarters, the year's intervention
 * levels) is taken as it was stored with each evaluation: a candidate that would have moved an
 * earlier quarter does not move what later quarters read of it.
 */
@Injectable()
export class SimulationService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly rules: RulesService,
    private readonly families: FamilyRegistry,
    private readonly ccgs: CcgsService,
  ) {}

  /** A candidate (the rule set's JSON text) checked as rules/ files are, or a 422 naming the pointer. */
  check(text: string, prefix = ''): CheckedCandidate {
    return checkCandidate(text, this.families, this.rules.list(), prefix);
  }

  async simulate(checked: CheckedCandidate, range: PeriodRange | undefined, actor: Actor): Promise<SimulationRunBody> {
    const started = performance.now();
    const { family, set } = checked;
    const periods = await this.periodsCovered(checked, range);
    const stored = await this.baseline(family.id, periods);
    const results = await this.runCandidate(checked, stored);
    const result = foldSimulation(
      stored.map((r) => r.baseline),
      results,
      family.whatIf,
      set.document.rules.map((r) => r.name),
    );
    const baselineHashes = [...new Set(stored.map((r) => r.baseline.ruleSetHash))].sort();
    const { subjects, evaluated, changed, notEvaluable } = result.totals;
    const counts = { subjects, evaluated, changed, notEvaluable, ms: Math.round(performance.now() - started) };
    const id = randomUUID();
    const createdAt = new Date();
    await this.prisma.$transaction(async (tx) => {
      await tx.simulationRun.create({
        data: {
          id,
          family: family.id,
          candidateHash: set.hash,
          candidate: set.document as unknown as Prisma.InputJsonValue,
          baselineHashes,
          periods,
          counts,
          result: result as unknown as Prisma.InputJsonValue,
          createdBy: actor.name,
          createdAt,
        },
      });
      await this.audit.append(tx, {
        actor,
        action: 'ruleset.simulated',
        entityType: 'simulation-run',
        entityId: id,
        payload: {
          family: family.id,
          candidateHash: set.hash,
          candidate: `${set.document.id}@${set.document.version}`,
          baselineHashes,
          periods,
          counts,
        },
      });
      // A proposal of exactly this content now has the simulation publishing needs.
      await recordSimulationOnProposals(tx, this.audit, actor, { id, candidateHash: set.hash, counts });
    });
    return this.view({
      id,
      family: family.id,
      candidateHash: set.hash,
      candidate: set.document,
      baselineHashes,
      periods,
      counts,
      result,
      createdBy: actor.name,
      createdAt,
    });
  }

  async get(id: string): Promise<SimulationRunBody> {
    const run = await this.prisma.simulationRun.findUnique({ where: { id } });
    if (!run) throw DomainError.notFound('simulation run', id, 'id');
    return this.view(run);
  }

  /** The per-subject table as CSV, with the family's figures as columns. */
  async csv(id: string): Promise<string> {
    const run = await this.get(id);
    return simulationCsv(run.rows, Object.keys(this.families.find(run.family)?.whatIf?.figures ?? {}));
  }

  private view(run: {
    id: string;
    family: string;
    candidateHash: string;
    candidate: unknown;
    baselineHashes: unknown;
    periods: unknown;
    counts: unknown;
    result: unknown;
    createdBy: string;
    createdAt: Date;
  }): SimulationRunBody {
    const document = run.candidate as { id: string; version: string; title: string; effective: { from: string; to?: string } };
    const result = run.result as SimulationResult;
    return {
      id: run.id,
      family: run.family,
      createdBy: run.createdBy,
      createdAt: run.createdAt.toISOString(),
      candidate: { hash: run.candidateHash, id: document.id, version: document.version, title: document.title, effective: document.effective },
      baselineHashes: run.baselineHashes as string[],
      periods: run.periods as string[],
      counts: run.counts as SimulationRunBody['counts'],
      totals: result.totals,
      rules: result.rules,
      rows: result.rows,
      links: { self: `/api/v1/rule-sets/simulations/${run.id}`, csv: `/api/v1/rule-sets/simulations/${run.id}.csv` },
    };
  }

  /** The periods with assessments of the family for which the candidate would be in force, within `range`. */
  private async periodsCovered(checked: CheckedCandidate, range: PeriodRange | undefined): Promise<string[]> {
    const { family } = checked;
    const bound = (end: 'from' | 'to') => {
      const value = range?.[end];
      return value === undefined ? undefined : family.periodDate(parseOrThrow(family.periodSchema, value, `periods.${end}`));
    };
    const from = bound('from');
    const to = bound('to');
    if (from && to && to < from) throw DomainError.invalid([{ field: 'periods.to', message: 'ends before periods.from' }]);
    const { rows } = await this.prisma.pool.query<{ period: string }>('SELECT DISTINCT period FROM assessments WHERE family = $1', [family.id]);
    return rows
      .map((r) => r.period)
      .filter((p) => family.periodSchema.safeParse(p).success)
      .map((p) => ({ p, day: family.periodDate(p) }))
      .filter(({ p, day }) => (!from || from <= day) && (!to || day <= to) && inForceFor(checked, p))
      .sort((a, b) => a.day.localeCompare(b.day) || a.p.localeCompare(b.p))
      .map(({ p }) => p);
  }

  /**
   * What stands for each (subject, period): the issued decision, else the newest proposal, with
   * the facts and context of the evaluation it rests on and the rules that fired there. One query;
   * the fired rules are read inside PostgreSQL so the traces never leave it.
   */
  private async baseline(familyId: string, periods: string[]): Promise<StoredRow[]> {
    if (periods.length === 0) return [];
    const { rows } = await this.prisma.pool.query<DbRow>(
      `SELECT DISTINCT ON (a.subject, a.period)
              a.id AS assessment_id, a.subject, a.period, a.facts,
              e.rule_set_hash, e.context IS NOT NULL AS has_context, e.context,
              d.id AS decision_id, d.status::text AS status, d.overridden,
              COALESCE(d.final_key, d.proposed_key) AS key, COALESCE(d.final_outcome, d.proposed_outcome) AS outcome,
              ARRAY(SELECT t->>'name' FROM jsonb_array_elements(CASE WHEN jsonb_typeof(e.results) = 'array' THEN e.results ELSE '[]'::jsonb END) AS t
                    WHERE t->>'result' = 'true') AS fired
         FROM assessments a
         JOIN decisions d ON d.assessment_id = a.id AND d.status IN ('issued', 'proposed')
         JOIN evaluations e ON e.id = d.evaluation_id
        WHERE a.family = $1 AND a.period = ANY($2::text[])
        ORDER BY a.subject, a.period, (d.status = 'issued') DESC, d.created_at DESC`,
      [familyId, periods],
    );
    return rows.map((r) => ({
      baseline: {
        assessmentId: r.assessment_id,
        subject: r.subject,
        period: r.period,
        source: r.status,
        decisionId: r.decision_id,
        overridden: r.overridden,
        ruleSetHash: r.rule_set_hash,
        key: r.key,
        outcome: r.outcome,
        fired: r.fired,
      },
      facts: r.facts,
      context: r.has_context ? { stored: true, value: r.context } : { stored: false },
    }));
  }

  /** The candidate over each row, one at a time on one Engine of its own (not cached: a candidate
   *  is run once). A problem of the row's facts is reported with the row; one of the candidate's
   *  own definition stops the simulation with a 422 naming its pointer. */
  private async runCandidate(checked: CheckedCandidate, rows: StoredRow[]): Promise<CandidateResult[]> {
    const { family, set } = checked;
    const runner = new RuleSetRunner(set.document);
    const results: CandidateResult[] = [];
    for (const [i, row] of rows.entries()) {
      // The engine's awaits are microtasks only: let the process serve other requests now and then.
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
      const { subject, period } = row.baseline;
      const where = `evaluating ${subject} ${period}`;
      const parsed = family.factsSchema.safeParse(row.facts);
      if (!parsed.success) {
        results.push({
          problems: parsed.error.issues.map((i) => `facts.${i.path.join('.')}: ${i.message} (stored facts no longer fit the facts schema)`),
        });
        continue;
      }
      const facts = parsed.data;
      let factProblems: string[];
      try {
        factProblems = (family.checkFacts?.(facts, set.document) ?? []).map((p) => `facts.${p.path}: ${p.message}`);
      } catch (error) {
        throw candidateRunProblem(error, set.document, where);
      }
      if (factProblems.length > 0) {
        results.push({ problems: factProblems });
        continue;
      }
      const context = await this.contextOf(family, row, facts);
      if ('problems' in context) {
        results.push(context);
        continue;
      }
      let engineFacts: Record<string, unknown>;
      try {
        engineFacts = family.engineFacts(facts, context, set.document);
      } catch (error) {
        if (error instanceof FamilyProblemsError) {
          results.push({ problems: error.problems.map((p) => `${p.field}: ${p.message}`) });
          continue;
        }
        throw candidateRunProblem(error, set.document, where);
      }
      try {
        const { rules, result } = await runRules(runner, family, set.document, engineFacts);
        templateFor(family, result.key);
        results.push({ key: result.key, outcome: result.outcome, fired: rules.filter((r) => r.result).map((r) => r.name) });
      } catch (error) {
        throw candidateRunProblem(error, set.document, where);
      }
    }
    return results;
  }

  /** The register's view of the subject and the history stored with the evaluation; for an
   *  evaluation stored before history was kept, the family reads it again now. */
  private async contextOf(family: RuleFamily, row: StoredRow, facts: unknown): Promise<SubjectContext | { problems: string[] }> {
    const { subject, period } = row.baseline;
    try {
      const ccg = await this.ccgs.subjectContext(family, subject);
      let history: unknown;
      if (row.context.stored) history = row.context.value;
      else if (family.loadContext) {
        history = await family.loadContext({ subject, period, facts, ruleSetOn: (f, day) => this.rules.onDay(f, day) }, this.prisma);
      }
      return { subject, period, ccg, family: history };
    } catch (error) {
      if (error instanceof FamilyProblemsError) {
        return { problems: error.problems.map((p) => `${p.field}: ${p.message} (history read again: the evaluation predates stored context)`) };
      }
      if (error instanceof DomainError) return { problems: [error.message] };
      throw error;
    }
  }
}
