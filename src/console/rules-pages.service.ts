import { Injectable } from '@nestjs/common';
import type { SimulationRunBody } from '../common/api-responses.js';
import { DomainError } from '../common/domain-error.js';
import { UUID_PATTERN } from '../common/uuid-param.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { diffRuleSets, type RuleSetDiff } from '../rule-changes/rule-set-diff.js';
import { ruleSetHashSchema } from '../rule-changes/rule-set-diff.service.js';
import { SimulationService } from '../rule-changes/simulation.service.js';
import { FamilyRegistry } from '../rules/family-registry.js';
import { ruleSetSchema, type RuleSetDocument } from '../rules/rule-set.schema.js';
import { RulesService } from '../rules/rules.service.js';
import type { RunListItem, StoredVersion } from './simulation-view.js';

interface RunListRow {
  id: string;
  family: string;
  candidate_id: string | null;
  candidate_version: string | null;
  periods: string[];
  counts: RunListItem['counts'];
  created_by: string;
  created_at: Date;
}

/** What the console's rules pages read: stored versions, simulation runs and the diff of a
 *  candidate against the version it replaces. Reads only; runs are made by SimulationService. */
@Injectable()
export class RulesPagesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly rules: RulesService,
    private readonly simulations: SimulationService,
    private readonly families: FamilyRegistry,
  ) {}

  versions(): Promise<StoredVersion[]> {
    return this.prisma.ruleSetVersion.findMany({ omit: { content: true }, orderBy: [{ family: 'asc' }, { effectiveFrom: 'asc' }] });
  }

  /** Hashes this process loaded from rules/, and those of them in force today. */
  loadedAndInForce(today: string): { loaded: Set<string>; inForce: Set<string> } {
    const loaded = new Set(this.rules.list().map((s) => s.hash));
    const inForce = new Set(this.families.all().flatMap((f) => this.rules.onDay(f.id, today)?.hash ?? []));
    return { loaded, inForce };
  }

  /** The newest runs first, without their results (which can be large). */
  async runs(limit: number): Promise<{ runs: RunListItem[]; total: number }> {
    const [{ rows }, total] = await Promise.all([
      this.prisma.pool.query<RunListRow>(
        `SELECT id, family, candidate->>'id' AS candidate_id, candidate->>'version' AS candidate_version,
                periods, counts, created_by, created_at
           FROM simulation_runs ORDER BY created_at DESC, id DESC LIMIT $1`,
        [limit],
      ),
      this.prisma.simulationRun.count(),
    ]);
    return {
      runs: rows.map((r) => ({
        id: r.id,
        family: r.family,
        candidateId: r.candidate_id ?? '?',
        candidateVersion: r.candidate_version ?? '',
        periods: r.periods,
        counts: r.counts,
        createdBy: r.created_by,
        createdAt: r.created_at,
      })),
      total,
    };
  }

  /** A run, or the console's 404 for an id that is not one (malformed included). */
  async run(id: string): Promise<SimulationRunBody> {
    if (!UUID_PATTERN.test(id)) throw DomainError.notFound('simulation run', id);
    return this.simulations.get(id);
  }

  csv(id: string): Promise<string> {
    if (!UUID_PATTERN.test(id)) throw DomainError.notFound('simulation run', id);
    return this.simulations.csv(id);
  }

  /** Register names of the subjects that are CCGs. */
  async names(subjects: readonly string[]): Promise<Map<string, string>> {
    const ccgs = await this.prisma.ccg.findMany({ where: { odsCode: { in: [...new Set(subjects)] } }, select: { odsCode: true, name: true } });
    return new Map(ccgs.map((c) => [c.odsCode, c.name]));
  }

  /**
   * The run's candidate against the version it replaces: the loaded version of the same rule-set
   * id (the one the candidate would stand in place of), else the version in force on the day the
   * candidate starts, else the last registered version of that id.
   */
  async runDiff(run: SimulationRunBody): Promise<RuleSetDiff | { none: string }> {
    const stored = await this.prisma.simulationRun.findUnique({ where: { id: run.id }, select: { candidate: true } });
    const parsed = ruleSetSchema.safeParse(stored?.candidate);
    if (!parsed.success) return { none: 'The candidate as stored with this run can no longer be read as a rule set.' };
    const candidate = parsed.data;
    const replaced = await this.replacedHash(candidate);
    if (!replaced) return { none: `No stored ${candidate.family} rule set to compare with: the candidate adds the first.` };
    return diffRuleSets(
      { hash: replaced, kind: 'stored', document: await this.rules.byContentHash(replaced) },
      { hash: run.candidate.hash, kind: 'candidate', document: candidate },
    );
  }

  private async replacedHash(candidate: RuleSetDocument): Promise<string | undefined> {
    const loaded = this.rules.list().find((s) => s.document.family === candidate.family && s.document.id === candidate.id);
    if (loaded) return loaded.hash;
    const inForce = this.rules.onDay(candidate.family, candidate.effective.from);
    if (inForce) return inForce.hash;
    const registered = await this.prisma.ruleSetVersion.findFirst({
      where: { family: candidate.family, ruleSetId: candidate.id },
      orderBy: { loadedAt: 'desc' },
      select: { hash: true },
    });
    return registered?.hash;
  }

  /** A stored version by hash, or the console's 404 (malformed or unknown); `field` names a query's. */
  async version(hash: string, field?: string): Promise<RuleSetDocument> {
    if (!ruleSetHashSchema.safeParse(hash).success) {
      throw field
        ? DomainError.invalid([{ field, message: 'expected a rule-set content hash (64 lower-case hex digits)' }], 'BAD_REQUEST')
        : DomainError.notFound('rule set', hash);
    }
    return this.rules.byContentHash(hash).catch((error: unknown) => {
      throw error instanceof DomainError && error.code === 'NOT_FOUND' ? DomainError.notFound('rule set', hash, field) : error;
    });
  }
}
