import { money, percent } from '../common/format.js';
import { financialYearSchema } from '../common/quarter.js';
import { flattenFacts } from '../rules/flatten-facts.js';
import { z } from 'zod';
import {
  FamilyProblemsError,
  type LoadContextInput,
  type FactProblem,
  type FamilyOutcome,
  type RuleFamily,
  type SubjectContext,
} from '../rules/rule-family.js';
import type { RuleSetDocument } from '../rules/rule-set.schema.js';
import type { PrismaService } from '../prisma/prisma.service.js';
import { readInterventionYear, type InterventionYear } from '../intervention/intervention.links.js';
import { INTERVENTION_FACT_PREFIX, interventionGatewayFacts } from './intervention-gateway.js';
import { decideQualityPremium, qualityPremiumParameters, QP_KEYS, type QualityPremiumOutcome } from './quality-premium.decider.js';
import { qualityPremiumFactsSchema, splitMeasureFact, type QualityPremiumFacts } from './quality-premium.facts.js';
import { qualityPremiumWhatIf } from './quality-premium.what-if.js';
import { nationalPicture } from './quality-premium.national.js';

/** A financial year as `2013/14` (consecutive years, from 2013/14: CCGs began in April 2013). */
const periodSchema = financialYearSchema;

/** Register columns a rule set may name as its population base, and where the context has them. */
const POPULATION_BASES: Record<string, (ctx: SubjectContext) => number | null | undefined> = {
  registered_pop_2013_q1: (ctx) => ctx.ccg?.registeredPop2013,
  registered_pop_2014_q4: (ctx) => ctx.ccg?.registeredPop2014,
};

const overrideSchema = z.strictObject({ payablePence: z.number().int().min(0) });

type Cond = Record<string, unknown>;

/** Every fact a condition tree reads, including facts used as thresholds (`value: {fact}`). */
function factsRead(node: Cond, out: Set<string>): Set<string> {
  for (const mode of ['all', 'any'] as const) {
    const children = node[mode];
    if (Array.isArray(children)) for (const c of children) factsRead(c as Cond, out);
  }
  if (node.not && typeof node.not === 'object') factsRead(node.not as Cond, out);
  if (typeof node.fact === 'string') out.add(node.fact);
  const v = node.value;
  if (typeof v === 'object' && v !== null && typeof (v as Cond).fact === 'string') out.add((v as Cond).fact as string);
  return out;
}

/** The measures a rule set scores, each with the fields its rules read: the scheme decides
 *  which measures exist (2013/14: N1–N4, L1–L3; 2014/15: M1–M5, L1). */
export function scoredMeasures(ruleSet: RuleSetDocument): Map<string, string[]> {
  const scored = new Map<string, string[]>();
  for (const rule of ruleSet.rules) {
    if (rule.event.type !== 'measure' || typeof rule.event.params.measure !== 'string') continue;
    const id = rule.event.params.measure;
    const fields = [...factsRead(rule.conditions as Cond, new Set())]
      .map(splitMeasureFact)
      .filter((f): f is [string, string] => f !== undefined && f[0] === id)
      .map(([, field]) => field);
    scored.set(id, [...new Set([...(scored.get(id) ?? []), ...fields])]);
  }
  return scored;
}

function checkFacts(facts: QualityPremiumFacts, ruleSet: RuleSetDocument): FactProblem[] {
  const problems: FactProblem[] = [];
  const scored = scoredMeasures(ruleSet);
  const submitted = facts.measures as Record<string, Record<string, unknown> | undefined>;
  for (const [id, fields] of scored) {
    const m = submitted[id];
    if (m?.notAssessed === true) continue;
    for (const field of fields) {
      if (m?.[field] === undefined) {
        problems.push({
          path: `measures.${id}.${field}`,
          message: `required by ${ruleSet.id} for measure ${id}; give the value, or mark the measure {"notAssessed": true, "reason": "..."}`,
        });
      }
    }
  }
  for (const id of Object.keys(submitted)) {
    if (submitted[id] !== undefined && !scored.has(id)) {
      problems.push({ path: `measures.${id}`, message: `${ruleSet.id} does not score measure ${id} (it scores ${[...scored.keys()].join(', ')})` });
    }
  }
  // Any other fact a rule reads must be present too, so that a rule set asking for a new fact
  // cannot silently fail it for everyone.
  const flat = flattenFacts(facts);
  for (const rule of ruleSet.rules) {
    for (const name of factsRead(rule.conditions, new Set())) {
      // Intervention facts come from the Board's records (loadContext), never from a submission.
      if (name.startsWith('measures.') || name.startsWith(INTERVENTION_FACT_PREFIX)) continue;
      if (flat[name] === undefined) problems.push({ path: name, message: `required by ${ruleSet.id} (rule "${rule.name}")` });
    }
  }
  return problems;
}

function engineFacts(facts: QualityPremiumFacts, context: SubjectContext, ruleSet: RuleSetDocument): Record<string, unknown> {
  const { populationBase } = qualityPremiumParameters.parse(ruleSet.parameters);
  const fromRegister = POPULATION_BASES[populationBase];
  if (!fromRegister) throw new Error(`rule set ${ruleSet.id}: unknown populationBase "${populationBase}"`);
  let population: number | null | undefined = facts.population;
  let populationSource = 'facts';
  if (population === undefined) {
    population = fromRegister(context);
    populationSource = populationBase;
  }
  if (population === undefined || population === null || !Number.isSafeInteger(population) || population <= 0) {
    throw FamilyProblemsError.inFacts([
      { path: 'population', message: `no population in the facts and the register has no ${populationBase} for this CCG` },
    ]);
  }
  const { population: _ignored, ...rest } = facts;
  return { ...flattenFacts(rest), ...interventionGatewayFacts(context.family), population, populationSource };
}

/** The intervention levels issued to the CCG in the year, and the level from which they count
 *  (intervention.md, "Links to the other families"). Stored with the evaluation as engine facts. */
function loadContext(input: LoadContextInput, db: PrismaService): Promise<InterventionYear> {
  return readInterventionYear(db, input, input.subject, input.period);
}

function override(proposed: FamilyOutcome<QualityPremiumOutcome>, body: Record<string, unknown>): FamilyOutcome<QualityPremiumOutcome> {
  const { payablePence } = overrideSchema.parse(body);
  const o = proposed.outcome;
  if (payablePence > o.maximumPence) {
    throw new FamilyProblemsError([{ field: 'payablePence', message: `above this CCG's maximum of ${o.maximumPence} pence` }]);
  }
  const { notPayableBecause: engineGround, overriddenFrom: earlier, ...rest } = o;
  const share = (pence: number): number => (o.maximumPence > 0 ? pence / o.maximumPence : 0);
  // The rules' figures stay the reference however often the amount is set again, so the document
  // can show rules' amount + difference = amount set, in pounds and as shares of the maximum. The
  // documents print the difference's share from the two printed shares (`percentDifference`), not
  // from the exact differenceFraction kept here, so the printed shares add up too.
  const rulesPence = earlier?.payablePence ?? o.payablePence;
  // An override stored before shares were kept carries the amount only.
  const rulesFraction = earlier ? ((earlier as Partial<typeof earlier>).payableFraction ?? share(rulesPence)) : o.payableFraction;
  const differencePence = payablePence - rulesPence;
  return {
    key: payablePence > 0 ? QP_KEYS.payable : QP_KEYS.notPayable,
    outcome: {
      ...rest,
      payablePence,
      payableFraction: share(payablePence),
      ...(payablePence === 0 ? { notPayableBecause: o.payablePence === 0 && engineGround ? engineGround : 'override' } : {}),
      overriddenFrom: { payablePence: rulesPence, payableFraction: rulesFraction, differencePence, differenceFraction: share(differencePence) },
    },
  };
}

const TEMPLATES: Readonly<Record<string, string>> = {
  [QP_KEYS.payable]: 'quality-premium/payment-statement',
  [QP_KEYS.notPayable]: 'quality-premium/non-payment-notice',
};

export const qualityPremiumFamily: RuleFamily<QualityPremiumFacts, QualityPremiumOutcome> = {
  id: 'quality-premium',
  title: 'Quality Premium',
  subjectKind: 'ccg',
  periodSchema,
  // The scheme year runs April to March; its rule set is the one in force on 1 April.
  periodDate: (period) => `${periodSchema.parse(period).slice(0, 4)}-04-01`,
  factsSchema: qualityPremiumFactsSchema,
  engineFacts,
  loadContext,
  nationalPicture,
  decide: decideQualityPremium,
  checkFacts,
  overrideSchema,
  override,
  templates: TEMPLATES,
  whatIf: qualityPremiumWhatIf,
  issueModes: ['confirm', 'override'],
  summarise: (o) => `${money(o.payablePence)} (${percent(o.payableFraction, 1)} of ${money(o.maximumPence)})`,
  tones: { [QP_KEYS.payable]: 'good', [QP_KEYS.notPayable]: 'adverse' },
};
