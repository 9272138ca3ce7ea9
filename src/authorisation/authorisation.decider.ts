import { z } from 'zod';
import type { DecideInput, FamilyOutcome } from '../rules/rule-family.js';
import type { RuleTrace } from '../rules/trace.js';
import { addMonths } from './dates.js';
import { parseOnce } from '../rules/parse-once.js';
import { FACT } from '../rules/fact-schemas.js';
import { deciderKit } from '../rules/decider-kit.js';

const { fact, params } = deciderKit('authorisation');

/*
 * The authorisation decider folds the engine's verdicts into an outcome. Each condition rule
 * (one per gap kind) carries the support level, action, due-date offset and whether legal
 * directions follow; the decider applies it to every unmet criterion of that gap kind, read from
 * the engine facts. Policy thresholds for "established, not authorised" are rules of their own.
 */

export const AUTH_KEYS = {
  authorised: 'authorised',
  conditions: 'authorised-with-conditions',
  directions: 'authorised-with-conditions-and-directions',
  notAuthorised: 'established-not-authorised',
  deferred: 'deferred',
} as const;
export type AuthorisationKey = (typeof AUTH_KEYS)[keyof typeof AUTH_KEYS];
export const AUTH_KEY_LIST = Object.values(AUTH_KEYS) as [AuthorisationKey, ...AuthorisationKey[]];

export type ProposedCondition = {
  criterion: string;
  domain: number;
  title: string;
  gap: string;
  level: number;
  support: string;
  action: string;
  dueDate: string;
  directions: boolean;
  note: string;
  citation: string;
};

export type AuthorisationOutcome = {
  assessedOn: string;
  criteriaAssessed: number;
  criteriaUnmet: number;
  conditions: ProposedCondition[];
  /** Conditions per support level, "1" … "6". */
  conditionsByLevel: Record<string, number>;
  directions: boolean;
  directionsCitation?: string;
  /** The policy thresholds met, when the CCG is established but not authorised. */
  notAuthorisedBecause: { threshold: string; reason: string; citation: string }[];
  /** Set when the application moves to a later wave (a fact, not a rule). */
  deferral?: { toWave: string; reason: string };
  overriddenFrom?: { key: string };
};

const cited = { citation: z.string(), reason: z.string() };
export const conditionParams = z.object({
  gap: z.string().min(1),
  level: z.number().int().min(1).max(6),
  support: z.string().min(3),
  action: z.string().min(3),
  dueMonths: z.number().int().min(1).max(24),
  directions: z.boolean(),
  ...cited,
});
const notAuthorisedParams = z.object({ threshold: z.string().min(3), ...cited });
export const authorisationParameters = z.object({ catalogue: z.string(), directionsCitation: z.string().min(3) });

/** The condition params of every gap kind the rule set knows. */
export function conditionRules(rules: readonly { event: { type: string; params: Record<string, unknown> }; name: string }[]) {
  const byGap = new Map<string, z.infer<typeof conditionParams>>();
  for (const rule of rules) {
    if (rule.event.type === 'condition') {
      const p = params(rule as RuleTrace, conditionParams);
      byGap.set(p.gap, p);
    }
  }
  return byGap;
}

export function decideAuthorisation(input: DecideInput): FamilyOutcome<AuthorisationOutcome> {
  const { engineFacts: facts, rules, ruleSet } = input;
  const { directionsCitation } = parseOnce(authorisationParameters, ruleSet.parameters);
  const assessedOn = fact(facts, 'assessedOn', FACT.isoDay);
  const unmet = fact(facts, 'unmet.criteria', FACT.strings);
  const assessed = fact(facts, 'criteria.count', FACT.positiveInt);
  const byGap = conditionRules(rules);

  for (const rule of rules) {
    if (rule.event.type !== 'condition' && rule.event.type !== 'not-authorised') {
      throw new Error(`rule "${rule.name}": event type "${rule.event.type}" is not one authorisation folds`);
    }
  }

  const conditions = unmet.map((criterion): ProposedCondition => {
    const gap = fact(facts, `criteria.${criterion}.gap`, FACT.string);
    const p = byGap.get(gap);
    if (!p) throw new Error(`criterion ${criterion}: no condition rule for gap "${gap}"`);
    return {
      criterion,
      domain: fact(facts, `criteria.${criterion}.domain`, FACT.int),
      title: fact(facts, `criteria.${criterion}.title`, FACT.string),
      gap,
      level: p.level,
      support: p.support,
      action: p.action,
      dueDate: addMonths(assessedOn, p.dueMonths),
      directions: p.directions,
      note: fact(facts, `criteria.${criterion}.note`, FACT.string),
      citation: p.citation,
    };
  });
  // A gap kind's rule fires exactly when some criterion has that gap: the trace and the fold agree.
  for (const rule of rules.filter((r) => r.event.type === 'condition')) {
    const gap = String(rule.event.params.gap);
    if (rule.result !== conditions.some((c) => c.gap === gap)) throw new Error(`rule "${rule.name}" disagrees with the unmet criteria`);
  }

  const notAuthorisedBecause = rules
    .filter((r) => r.event.type === 'not-authorised' && r.result)
    .map((r) => {
      const p = params(r, notAuthorisedParams);
      return { threshold: p.threshold, reason: p.reason, citation: p.citation };
    });
  const directions = conditions.some((c) => c.directions);
  const conditionsByLevel: Record<string, number> = {};
  for (const c of conditions) conditionsByLevel[String(c.level)] = (conditionsByLevel[String(c.level)] ?? 0) + 1;

  const deferred = facts['deferred'] === true;
  const key: AuthorisationKey = deferred
    ? AUTH_KEYS.deferred
    : notAuthorisedBecause.length > 0
      ? AUTH_KEYS.notAuthorised
      : conditions.length === 0
        ? AUTH_KEYS.authorised
        : directions
          ? AUTH_KEYS.directions
          : AUTH_KEYS.conditions;

  return {
    key,
    outcome: {
      assessedOn,
      criteriaAssessed: assessed,
      criteriaUnmet: unmet.length,
      conditions,
      conditionsByLevel,
      directions,
      ...(directions ? { directionsCitation } : {}),
      notAuthorisedBecause,
      ...(deferred ? { deferral: { toWave: fact(facts, 'deferral.toWave', FACT.string), reason: fact(facts, 'deferral.reason', FACT.string) } } : {}),
    },
  };
}
