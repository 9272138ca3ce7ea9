import { flattenFacts } from '../rules/flatten-facts.js';
import { z } from 'zod';
import type { PrismaService } from '../prisma/prisma.service.js';
import { FamilyProblemsError, type FamilyOutcome, type RuleFamily, type SubjectContext } from '../rules/rule-family.js';
import type { RuleSetDocument } from '../rules/rule-set.schema.js';
import { decideIntervention, keyForLevel, LEVEL_KEYS, type InterventionOutcome } from './intervention.decider.js';
import { ASSURANCE_DOMAINS, interventionFactsSchema, type InterventionFacts } from './intervention.facts.js';
import { deriveHistoryFacts, interventionHistorySchema, storedQuarterSchema, type InterventionHistory } from './intervention.history.js';
import { interventionParametersOf } from './intervention.parameters.js';
import { levelTone, nationalPicture } from './intervention.national.js';
import { recordInterventionQuarter } from './intervention.records.js';
import { interventionWhatIf } from './intervention.what-if.js';
import { notBegunProblem, quarterIndex, quarterSchema, quarterStart } from './quarter.js';

export const INTERVENTION_FAMILY = 'intervention';

const overrideSchema = z.strictObject({ level: z.number().int().min(0).max(5) });

/** Submitted facts, rating counts and history-derived facts, flattened to the names rules use. */
function engineFacts(facts: InterventionFacts, context: SubjectContext, ruleSet: RuleSetDocument): Record<string, unknown> {
  const params = interventionParametersOf(ruleSet.parameters);
  const history: InterventionHistory = interventionHistorySchema.parse(context.family);
  const quarter = quarterSchema.parse(context.period);
  const ratings = ASSURANCE_DOMAINS.map((d) => facts.assurance?.[d]).filter((r) => r !== undefined);
  return {
    ...flattenFacts(facts),
    quarter,
    'assurance.ratingsGiven': ratings.length,
    'assurance.withSupportCount': ratings.filter((r) => r === 'assured-with-support').length,
    'assurance.notAssuredCount': ratings.filter((r) => r === 'not-assured').length,
    ...deriveHistoryFacts(quarter, facts, history, params),
  };
}

/** The CCG's issued quarters before this one. A quarter earlier than one already issued would
 *  rewrite a history later decisions rest on, so it is refused naming the period; so is a quarter
 *  that has not begun (its facts cannot be in, and once issued it would block every real quarter). */
async function loadContext(input: { subject: string; period: string }, db: PrismaService): Promise<InterventionHistory> {
  const notBegun = notBegunProblem(input.period, new Date().toISOString().slice(0, 10));
  if (notBegun) throw new FamilyProblemsError([{ field: 'period', message: notBegun }]);
  const rows = await db.interventionQuarter.findMany({
    where: { ccgCode: input.subject },
    select: { quarter: true, level: true, facts: true },
    orderBy: { quarterStart: 'asc' },
  });
  const later = rows.filter((r) => quarterIndex(r.quarter) > quarterIndex(input.period)).map((r) => r.quarter);
  if (later.length > 0) {
    throw new FamilyProblemsError([
      { field: 'period', message: `out of order: ${input.subject} already has ${later.join(', ')} issued; quarters are assessed in order` },
    ]);
  }
  return { earlier: rows.filter((r) => r.quarter !== input.period).map((r) => storedQuarterSchema.parse(r)) };
}

function override(proposed: FamilyOutcome<InterventionOutcome>, body: Record<string, unknown>): FamilyOutcome<InterventionOutcome> {
  const { level } = overrideSchema.parse(body);
  const o = proposed.outcome;
  const rung = o.ladder[level];
  return {
    key: keyForLevel(level),
    outcome: {
      ...o,
      level,
      levelName: rung.name,
      action: rung.action,
      power: rung.power,
      citation: rung.citation,
      movement: level > o.previousLevel ? 'up' : level < o.previousLevel ? 'down' : 'same',
      basis: 'override',
      humanDecisionRequired: rung.humanDecision,
      overriddenFrom: { level: o.overriddenFrom?.level ?? o.level },
    },
  };
}

const TEMPLATES = Object.fromEntries(LEVEL_KEYS.map((k) => [k, `intervention/${k}`])) as Record<string, string>;

export const interventionFamily: RuleFamily<InterventionFacts, InterventionOutcome> = {
  id: INTERVENTION_FAMILY,
  title: 'Intervention',
  subjectKind: 'ccg',
  /** The level issued for the CCG's latest quarter, and the level of every quarter on record
   *  (a series of `{label, value}` points, which the console draws as a small chart). */
  subjectStatus: async (code, db) => {
    const quarters = await db.interventionQuarter.findMany({ where: { ccgCode: code }, orderBy: { quarterStart: 'asc' } });
    const latest = quarters[quarters.length - 1];
    const levels = quarters.map((q) => ({ label: q.quarter, value: q.level, max: 5 }));
    return {
      detail: { quarter: latest?.quarter ?? null, level: latest?.level ?? null, overridden: latest?.overridden ?? false, levels },
      entries: latest
        ? [{ label: 'Level', value: `${latest.level} in ${latest.quarter}${latest.overridden ? ' (set on review)' : ''}` }]
        : [{ label: 'Level', value: 'no quarter issued yet' }],
      series: levels.length > 0 ? [{ name: 'level', points: levels.map((p) => ({ ...p, tone: levelTone(p.value) })) }] : [],
    };
  },
  periodSchema: quarterSchema,
  periodDate: (period) => quarterStart(quarterSchema.parse(period)),
  factsSchema: interventionFactsSchema,
  engineFacts,
  decide: decideIntervention,
  overrideSchema,
  override,
  templates: TEMPLATES,
  whatIf: interventionWhatIf,
  issueModes: ['confirm', 'override'],
  summarise: (o) => `level ${o.level} (${o.levelName}), was ${o.previousLevel}`,
  // Level 0 routine, 1 monitoring, 2 a recovery plan, 3 directions, 4–5 the Board's own action.
  tones: Object.fromEntries(
    LEVEL_KEYS.map((key, level) => [key, (['neutral', 'caution', 'caution', 'concern', 'adverse', 'adverse'] as const)[level]]),
  ),
  loadContext,
  nationalPicture,
  onIssued: recordInterventionQuarter,
};
