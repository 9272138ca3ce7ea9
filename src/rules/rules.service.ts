import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../auth/actor.js';
import { DomainError } from '../common/domain-error.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { FamilyRegistry } from './family-registry.js';
import { RunnerCache, type RuleSetRunner } from './rule-engine.js';
import type { FamilyOutcome, RuleFamily, SubjectContext } from './rule-family.js';
import { effectiveRuleSet, loadRuleSetsFrom, type LoadedRuleSet } from './rule-set.loader.js';
import { readPublishedRuleSets, standingRuleSets } from './published-rule-sets.js';
import { deepFreeze } from './parse-once.js';
import { ruleSetSchema, type RuleSetDocument } from './rule-set.schema.js';
import { expandTraces, type RuleTrace } from './trace.js';

export interface EvaluationResult {
  engineFacts: Record<string, unknown>;
  rules: RuleTrace[];
  result: FamilyOutcome;
}

/** Engine, traces and decider over engine-ready facts: the one path of evaluation, replay and the
 *  simulation of a candidate rule set (which brings a runner of its own, not kept in the cache). */
export async function runRules(
  runner: RuleSetRunner,
  family: RuleFamily,
  ruleSet: RuleSetDocument,
  engineFacts: Record<string, unknown>,
): Promise<EvaluationResult> {
  const rules = await runner.run(engineFacts);
  return { engineFacts, rules, result: family.decide({ engineFacts, rules, ruleSet }) };
}

/** The rule sets of this process: loaded from rules/ at start-up (a bad file stops start-up),
 *  registered in the database by content hash, and run through one cached pool of Engines per hash;
 *  with them the versions published through a proposal, read at start-up and again on each
 *  notification or refresh (PublishedRuleSetsWatcher), so no restart is needed. */
@Injectable()
export class RulesService implements OnModuleInit {
  private readonly logger = new Logger(RulesService.name);
  private loaded: LoadedRuleSet[] = [];
  /** The rule sets from rules/ alone. */
  private files: LoadedRuleSet[] = [];
  private readonly conflictsReported = new Set<string>();
  private readonly byHash = new Map<string, RuleSetDocument>();
  private readonly runners = new RunnerCache();
  /** Settled when start-up has read the files and the published versions. A worker's jobs can
   *  arrive while start-up still awaits the database: they wait for it rather than finding no rule
   *  set (or a file version a published one replaces). */
  private readonly started: Promise<void>;
  private startedWith!: (error?: Error) => void;

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly families: FamilyRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.started = new Promise<void>((resolve, reject) => (this.startedWith = (error) => (error ? reject(error) : resolve())));
    this.started.catch(() => undefined); // start-up itself reports a failure
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.start();
      this.startedWith();
    } catch (error) {
      this.startedWith(error as Error);
      throw error;
    }
  }

  /** Resolves once the rule sets of this process are loaded (at once after start-up). */
  ready(): Promise<void> {
    return this.started;
  }

  private async start(): Promise<void> {
    this.files = loadRuleSetsFrom(this.config.RULES_DIR);
    for (const set of this.files) {
      if (!this.families.find(set.document.family)) {
        throw new Error(`${set.file}: no rule family "${set.document.family}" is registered (src/families.ts)`);
      }
    }
    // A file that contradicts a published version stops start-up naming both: never a silent choice.
    const { sets, conflicts } = standingRuleSets(this.files, await readPublishedRuleSets(this.prisma));
    if (conflicts.length > 0) throw new Error(conflicts.join('\n'));
    this.adopt(sets);
    await this.register();
  }

  /** Reads the published versions again; those new to this process are in force from now on. A
   *  file that contradicts one (a process started on other files) keeps it out, logged as an error. */
  async refreshPublished(): Promise<LoadedRuleSet[]> {
    const { sets, conflicts } = standingRuleSets(this.files, await readPublishedRuleSets(this.prisma));
    for (const conflict of conflicts.filter((c) => !this.conflictsReported.has(c))) {
      this.conflictsReported.add(conflict);
      this.logger.error(conflict);
    }
    const known = new Set(this.loaded.map((s) => s.hash));
    const adopted = sets.filter((s) => !known.has(s.hash));
    this.adopt(sets);
    for (const set of adopted) this.logger.log({ msg: 'published rule set in force', hash: set.hash, source: set.file, family: set.document.family });
    return adopted;
  }

  /** The rule sets from rules/ alone (what a proposal is checked against, with the published ones). */
  fileSets(): LoadedRuleSet[] {
    return this.files;
  }

  /** One assignment: an evaluation reads either the old list or the new one, never half of each. */
  private adopt(sets: LoadedRuleSet[]): void {
    for (const set of sets) this.byHash.set(set.hash, set.document);
    this.loaded = sets;
  }

  /** New versions become RuleSetVersion rows, each with an audit event; a version that starts
   *  inside a period another covers carries its recorded reason into that event. */
  private async register(): Promise<void> {
    const known = new Set((await this.prisma.ruleSetVersion.findMany({ select: { hash: true } })).map((r) => r.hash));
    for (const set of this.files.filter((s) => !known.has(s.hash))) {
      const d = set.document;
      await this.prisma.$transaction(async (tx) => {
        const created = await tx.ruleSetVersion.createMany({
          data: [
            {
              hash: set.hash,
              family: d.family,
              ruleSetId: d.id,
              version: d.version,
              effectiveFrom: new Date(d.effective.from),
              effectiveTo: d.effective.to ? new Date(d.effective.to) : null,
              source: set.file,
              content: d as unknown as Prisma.InputJsonValue,
            },
          ],
          skipDuplicates: true, // another process may register the same file at the same moment
        });
        if (created.count === 0) return;
        await this.audit.append(tx, {
          actor: SYSTEM_ACTOR,
          action: 'ruleset.registered',
          entityType: 'ruleset',
          entityId: set.hash,
          payload: { family: d.family, id: d.id, version: d.version, effective: d.effective, file: set.file, changeReason: d.changeReason ?? null },
        });
      });
      this.logger.log({ msg: 'rule set registered', file: set.file, hash: set.hash });
    }
  }

  family(id: string, field = 'family'): RuleFamily {
    return this.families.get(id, field);
  }

  /** The rule set in force for a family's period, or a 422 naming the period. */
  effectiveFor(family: RuleFamily, period: string, field = 'period'): LoadedRuleSet {
    const date = family.periodDate(period);
    const set = effectiveRuleSet(this.loaded, family.id, date);
    if (!set) throw DomainError.invalid([{ field, message: `no ${family.id} rule set covers ${period} (${date})` }]);
    return set;
  }

  /** The rule set of a family in force on a day, as this process loaded it. */
  onDay(familyId: string, day: string): LoadedRuleSet | undefined {
    return effectiveRuleSet(this.loaded, familyId, day);
  }

  list(): LoadedRuleSet[] {
    return this.loaded;
  }

  /** The stored version a hash or the start of one names (the CLI prints 12 digits): 404 for
   *  none, 400 when the start fits more than one. */
  async fullHash(hashOrStart: string, field = 'hash'): Promise<string> {
    if (/^[0-9a-f]{64}$/.test(hashOrStart)) return hashOrStart;
    if (!/^[0-9a-f]{7,63}$/.test(hashOrStart))
      throw DomainError.invalid([{ field, message: 'expected a rule-set hash, or its first 7 or more hex digits' }], 'BAD_REQUEST');
    const rows = await this.prisma.ruleSetVersion.findMany({ where: { hash: { startsWith: hashOrStart } }, select: { hash: true }, take: 2 });
    if (rows.length === 0) throw DomainError.notFound('rule set', hashOrStart, field);
    if (rows.length > 1)
      throw DomainError.invalid([{ field, message: `${hashOrStart} starts more than one version's hash: give more digits` }], 'BAD_REQUEST');
    return rows[0].hash;
  }

  /** A rule set by hash: from memory, or from the database for a version no longer on disk. */
  async byContentHash(hash: string): Promise<RuleSetDocument> {
    const hit = this.byHash.get(hash);
    if (hit) return hit;
    const row = await this.prisma.ruleSetVersion.findUnique({ where: { hash } });
    if (!row) throw DomainError.notFound('rule set', hash);
    const document = deepFreeze(ruleSetSchema.parse(row.content));
    this.byHash.set(hash, document);
    return document;
  }

  /** An evaluation's stored traces, whole again (see StoredRuleTrace). */
  async storedTraces(results: unknown, ruleSetHash: string): Promise<RuleTrace[]> {
    return expandTraces(results, await this.byContentHash(ruleSetHash));
  }

  /** Runs a family's rules over facts that are already engine-ready. Used by evaluation and by
   *  replay, so the two cannot differ. */
  async run(family: RuleFamily, hash: string, ruleSet: RuleSetDocument, engineFacts: Record<string, unknown>): Promise<EvaluationResult> {
    return runRules(this.runners.get(hash, ruleSet), family, ruleSet, engineFacts);
  }

  async evaluate(family: RuleFamily, set: LoadedRuleSet, facts: unknown, context: SubjectContext): Promise<EvaluationResult> {
    const engineFacts = family.engineFacts(facts, context, set.document);
    return this.run(family, set.hash, set.document, engineFacts);
  }
}
