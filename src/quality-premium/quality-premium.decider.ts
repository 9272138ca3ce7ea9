import { z } from 'zod';
import type { DecideInput, FamilyOutcome } from '../rules/rule-family.js';
import type { ConditionTrace } from '../rules/trace.js';
import { ExactFraction } from './exact-fraction.js';
import { parseOnce } from '../rules/parse-once.js';
import { FACT } from '../rules/fact-schemas.js';
import { interventionGatewayDetail } from './intervention-gateway.js';
import { deciderKit } from '../rules/decider-kit.js';
import { actualInWords, findingInWords, requirementInWords, testInWords, valueInWords } from '../rules/condition-words.js';
import { qualityPremiumFactWords as words } from './quality-premium.words.js';

const { fact, params } = deciderKit('quality-premium');

/*
 * The Quality Premium decider folds every rule's verdict (gateway passed, measure achieved,
 * standard met) into the payment. It holds no numbers of its own: the £ per head and the
 * population base are rule-set parameters, weights and reductions are event params, thresholds
 * are in the conditions. It reads only what is stored with an evaluation, so replays agree.
 */

export const QP_KEYS = { payable: 'payable', notPayable: 'not-payable' } as const;
export type QualityPremiumKey = (typeof QP_KEYS)[keyof typeof QP_KEYS];

/** One comparison a verdict rested on, as the engine saw it. */
export type QualityPremiumCheck = {
  fact: string;
  operator: string;
  value: unknown;
  threshold: unknown;
  met: boolean | null;
  /** In words: what the condition asks, the value found, and (not met) how it fell short. */
  requirement: string;
  actual: string;
  finding: string;
};

export type QualityPremiumGateway = {
  id: string;
  title: string;
  passed: boolean;
  reference?: string;
  /** What a gateway read from the Board's records, in words (the intervention quarters and level). */
  detail?: string;
  /** The rule's whole test in words, and (failed) the parts not met with what was found. */
  test: string;
  failedOn?: string;
};

/** Gateways whose verdict rests on records rather than a submitted flag, and how to say what was found. */
const GATEWAY_DETAILS = new Map<string, (facts: Record<string, unknown>) => string | undefined>([['intervention', interventionGatewayDetail]]);

export type QualityPremiumMeasure = {
  id: string;
  title: string;
  weight: number;
  achieved: boolean;
  /** The first condition's fact value and threshold (the headline figure of the measure). */
  value: unknown;
  threshold: unknown;
  notAssessedReason?: string;
  /** What was agreed, for a local measure. */
  description?: string;
  /** Every condition of the rule in one sentence ("… and …"), from the rule set. */
  test: string;
  /** Not achieved (and assessed): the parts of the test not met, with the values found. */
  failedOn?: string;
  checks: QualityPremiumCheck[];
};

export type QualityPremiumStandard = {
  id: string;
  title: string;
  met: boolean;
  value: unknown;
  threshold: unknown;
  reduction: number;
  /** The standard's test and the value found, in words; `finding` says how a missed one fell short. */
  test: string;
  actual: string;
  finding?: string;
};

export type QualityPremiumReason = {
  kind: 'gateway' | 'measure' | 'standard';
  id: string;
  /** What happened, from the facts and the rule's thresholds ("A&E …: 93.1%, below the 95% standard; …"). */
  reason: string;
  /** The rule's own statement of what it requires. */
  rule: string;
  citation: string;
};

export type NotPayableBecause = 'gateway' | 'nothing-earned' | 'reductions' | 'rounding' | 'override';

export type QualityPremiumOverriddenFrom = {
  payablePence: number;
  payableFraction: number;
  differencePence: number;
  /** `differencePence` as a share of the maximum. */
  differenceFraction: number;
};

export type QualityPremiumOutcome = {
  eligible: boolean;
  gatewaysFailed: string[];
  gateways: QualityPremiumGateway[];
  population: number;
  /** `facts`, or the register column the rule set names (e.g. `registered_pop_2013_q1`). */
  populationSource: string;
  perHeadPence: number;
  maximumPence: number;
  earnedFraction: number;
  measures: QualityPremiumMeasure[];
  standards: QualityPremiumStandard[];
  standardsMissed: string[];
  /** Share of the earned amount taken away by missed standards (at most 1). */
  reductionFraction: number;
  payableFraction: number;
  payablePence: number;
  /** Set when nothing is payable: which of the three grounds applies. */
  notPayableBecause?: NotPayableBecause;
  /** From the failed rules' own `reason` and `citation`, in rule-file order. */
  reasons: QualityPremiumReason[];
  /** Set by a reviewer's override: what the rules gave (amount and share of the maximum), and
   *  how far the reviewer's amount is from it (signed: negative when the reviewer paid less). */
  overriddenFrom?: QualityPremiumOverriddenFrom;
};

const cited = { citation: z.string(), reason: z.string() };
const gatewayParams = z.object({ gateway: z.string().min(1), title: z.string().default(''), ...cited });
const measureParams = z.object({ measure: z.string().min(1), weight: z.number().positive().max(1), title: z.string().default(''), ...cited });
const standardParams = z.object({ standard: z.string().min(1), reduction: z.number().min(0).max(1), title: z.string().default(''), ...cited });
export const qualityPremiumParameters = z.object({
  perHeadPence: z.number().int().positive(),
  populationBase: z.string().min(1),
});

const isFactRef = (v: unknown): boolean => typeof v === 'object' && v !== null && 'fact' in v;

function check(c: ConditionTrace): QualityPremiumCheck {
  // A short-circuited condition has no resolved threshold; a literal one is still worth showing.
  const threshold = c.result === null ? (isFactRef(c.threshold) ? null : c.threshold) : c.thresholdValue;
  return {
    fact: c.fact,
    operator: c.operator,
    value: c.value,
    threshold,
    met: c.result,
    requirement: requirementInWords(c, words),
    actual: actualInWords(c, words),
    finding: findingInWords(c, words),
  };
}

/** The conditions a failed rule did not meet, with what was found, in one phrase. */
const failedParts = (conditions: readonly ConditionTrace[], options?: { thresholdNoun?: string }): string =>
  conditions
    .filter((c) => c.result === false)
    .map((c) => findingInWords(c, words, options))
    .join('; ');

/** A share in per cent as the documents print it: 0.125 → `12.5%`. */
const percentInWords = (fraction: number): string => valueInWords(Number((fraction * 100).toFixed(6)), '%');

export function decideQualityPremium(input: DecideInput): FamilyOutcome<QualityPremiumOutcome> {
  const { engineFacts, rules, ruleSet } = input;
  const { perHeadPence } = parseOnce(qualityPremiumParameters, ruleSet.parameters);
  const population = fact(engineFacts, 'population', FACT.positiveInt);
  const populationSource = fact(engineFacts, 'populationSource', FACT.nonEmptyString);

  const gateways: QualityPremiumGateway[] = [];
  const measures: QualityPremiumMeasure[] = [];
  const standards: QualityPremiumStandard[] = [];
  const reasons: QualityPremiumReason[] = [];
  let earned = ExactFraction.ZERO;
  let reduction = ExactFraction.ZERO;

  for (const rule of rules) {
    switch (rule.event.type) {
      case 'gateway': {
        const p = params(rule, gatewayParams);
        const reference = engineFacts[`gateways.${p.gateway}.reference`];
        const detail = GATEWAY_DETAILS.get(p.gateway)?.(engineFacts);
        const failedOn = rule.result ? undefined : failedParts(rule.conditions);
        gateways.push({
          id: p.gateway,
          title: p.title,
          passed: rule.result,
          ...(typeof reference === 'string' ? { reference } : {}),
          ...(detail ? { detail } : {}),
          test: testInWords(rule.conditions, words),
          ...(failedOn ? { failedOn } : {}),
        });
        if (!rule.result) {
          const found = failedOn ? `: ${failedOn}` : '';
          reasons.push({ kind: 'gateway', id: p.gateway, reason: `Gateway not passed${found}.`, rule: p.reason, citation: p.citation });
        }
        break;
      }
      case 'measure': {
        const p = params(rule, measureParams);
        const notAssessed = engineFacts[`measures.${p.measure}.notAssessed`] === true;
        const notAssessedReason = engineFacts[`measures.${p.measure}.reason`];
        const description = engineFacts[`measures.${p.measure}.description`];
        const checks = rule.conditions.map(check);
        // A measure not assessed is shown as not achieved, whatever its conditions say.
        const achieved = rule.result && !notAssessed;
        const failedOn = achieved || notAssessed ? undefined : failedParts(rule.conditions);
        measures.push({
          id: p.measure,
          title: p.title,
          weight: p.weight,
          achieved,
          value: checks[0]?.value ?? null,
          threshold: checks[0]?.threshold ?? null,
          ...(notAssessed && typeof notAssessedReason === 'string' ? { notAssessedReason } : {}),
          ...(typeof description === 'string' ? { description } : {}),
          test: testInWords(rule.conditions, words),
          ...(failedOn ? { failedOn } : {}),
          checks,
        });
        if (achieved) {
          earned = earned.plus(ExactFraction.fromDecimal(p.weight));
        } else {
          reasons.push({
            kind: 'measure',
            id: p.measure,
            reason: notAssessed
              ? `Measure ${p.measure} was not assessed (${String(notAssessedReason)}); it counts as not achieved, so its ${percentInWords(p.weight)} of the maximum was not earned.`
              : `Measure ${p.measure} not achieved (${failedOn || 'its test was not met'}), so its ${percentInWords(p.weight)} of the maximum was not earned.`,
            rule: p.reason,
            citation: p.citation,
          });
        }
        break;
      }
      case 'constitution-standard': {
        const p = params(rule, standardParams);
        const c = rule.conditions[0] ? check(rule.conditions[0]) : undefined;
        const finding = rule.result ? undefined : failedParts(rule.conditions, { thresholdNoun: 'standard' });
        standards.push({
          id: p.standard,
          title: p.title,
          met: rule.result,
          value: c?.value ?? null,
          threshold: c?.threshold ?? null,
          reduction: p.reduction,
          test: testInWords(rule.conditions, words),
          actual: rule.conditions.map((x) => actualInWords(x, words)).join('; '),
          ...(finding ? { finding } : {}),
        });
        if (!rule.result) {
          reduction = reduction.plus(ExactFraction.fromDecimal(p.reduction));
          reasons.push({
            kind: 'standard',
            id: p.standard,
            reason: `${finding || p.title}; the amount earned is reduced by ${percentInWords(p.reduction)}.`,
            rule: p.reason,
            citation: p.citation,
          });
        }
        break;
      }
      default:
        throw new Error(`rule "${rule.name}": event type "${rule.event.type}" is not one the Quality Premium folds`);
    }
  }

  const gatewaysFailed = gateways.filter((g) => !g.passed).map((g) => g.id);
  const eligible = gatewaysFailed.length === 0;
  const maximumPence = perHeadPence * population;
  const reductionFraction = reduction.min(ExactFraction.ONE);
  const payable = eligible ? earned.times(reductionFraction.complement()) : ExactFraction.ZERO;
  const payablePence = payable.floorOf(maximumPence);

  let notPayableBecause: NotPayableBecause | undefined;
  if (payablePence === 0) {
    if (!eligible) notPayableBecause = 'gateway';
    else if (earned.isZero()) notPayableBecause = 'nothing-earned';
    else if (reductionFraction.complement().isZero()) notPayableBecause = 'reductions';
    else notPayableBecause = 'rounding';
  }

  return {
    key: payablePence > 0 ? QP_KEYS.payable : QP_KEYS.notPayable,
    outcome: {
      eligible,
      gatewaysFailed,
      gateways,
      population,
      populationSource,
      perHeadPence,
      maximumPence,
      earnedFraction: earned.toNumber(),
      measures,
      standards,
      standardsMissed: standards.filter((s) => !s.met).map((s) => s.id),
      reductionFraction: reductionFraction.toNumber(),
      payableFraction: payable.toNumber(),
      payablePence,
      ...(notPayableBecause ? { notPayableBecause } : {}),
      reasons,
    },
  };
}
