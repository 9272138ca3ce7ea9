import { z } from 'zod';
import type { DecideInput, FamilyOutcome } from '../rules/rule-family.js';
import { addMonths } from './dates.js';
import { parseOnce } from '../rules/parse-once.js';
import { FACT } from '../rules/fact-schemas.js';
import { deciderKit } from '../rules/decider-kit.js';

const { fact } = deciderKit('authorisation-review');

/*
 * The review decider applies, to every open condition, the rule for its finding (discharged;
 * improved; progressing or not progressing, before or past its due date): remove, step down a level,
 * keep, reschedule or escalate. Levels' review intervals and which levels bring directions are rule-set parameters.
 */

export const REVIEW_KEYS = {
  full: 'fully-authorised',
  continue: 'conditions-continue',
  directions: 'conditions-continue-with-directions',
} as const;
export const REVIEW_KEY_LIST = Object.values(REVIEW_KEYS);

export type ConditionChange = {
  conditionId: string;
  criterion: string;
  title: string;
  domain: number;
  finding: 'discharged' | 'improved' | 'progressing' | 'not-progressing';
  pastDue: boolean;
  action: 'remove' | 'keep' | 'reschedule' | 'escalate' | 'de-escalate';
  fromLevel: number;
  toLevel: number;
  fromDueDate: string;
  dueDate: string;
  directions: boolean;
  reason: string;
  citation: string;
};

export type ReviewOutcome = {
  reviewedOn: string;
  changes: ConditionChange[];
  removed: number;
  escalated: number;
  deEscalated: number;
  remaining: number;
  directions: boolean;
  directionsAdded: boolean;
  directionsCitation?: string;
  fullAuthorisation?: { reason: string; citation: string };
};

const findingParams = z.object({
  status: z.enum(['discharged', 'improved', 'progressing', 'not-progressing']),
  pastDue: z.boolean().optional(),
  action: z.enum(['remove', 'keep', 'reschedule', 'escalate', 'de-escalate']),
  levelChange: z.number().int().min(-5).max(5).optional(),
  citation: z.string(),
  reason: z.string(),
});
const fullParams = z.object({ citation: z.string(), reason: z.string() });
export const reviewParameters = z.object({
  levels: z.record(z.string().regex(/^[1-6]$/), z.object({ dueMonths: z.number().int().min(1), directions: z.boolean() })),
  maxLevel: z.number().int().min(1).max(6),
  directionsCitation: z.string(),
});

export function decideReview(input: DecideInput): FamilyOutcome<ReviewOutcome> {
  const { engineFacts: facts, rules, ruleSet } = input;
  const { levels, maxLevel, directionsCitation } = parseOnce(reviewParameters, ruleSet.parameters);
  const level = (n: number) => {
    const l = levels[String(n)];
    if (!l) throw new Error(`rule set ${ruleSet.id} has no parameters for level ${n}`);
    return l;
  };
  const reviewedOn = fact(facts, 'reviewedOn', FACT.string);
  const ids = fact(facts, 'conditions.ids', FACT.strings);
  const findingRules = rules.filter((r) => r.event.type === 'finding').map((r) => ({ rule: r, p: parseOnce(findingParams, r.event.params) }));
  for (const r of rules) {
    if (r.event.type !== 'finding' && r.event.type !== 'full-authorisation')
      throw new Error(`rule "${r.name}": event type "${r.event.type}" is not one reviews fold`);
  }

  const changes = ids.map((id): ConditionChange => {
    const f = (k: string) => `conditions.${id}.${k}`;
    const finding = fact(facts, f('status'), findingParams.shape.status);
    const pastDue = fact(facts, f('pastDue'), FACT.boolean);
    const fromLevel = fact(facts, f('level'), FACT.int);
    const fromDueDate = fact(facts, f('dueDate'), FACT.string);
    const match = findingRules.find(({ p }) => p.status === finding && (p.pastDue === undefined || p.pastDue === pastDue));
    if (!match) throw new Error(`no review rule for a "${finding}" finding ${pastDue ? 'past' : 'before'} its due date`);
    if (!match.rule.result) throw new Error(`rule "${match.rule.name}" did not fire for condition ${id}`);
    const { action, levelChange, reason, citation } = match.p;
    const moves = action === 'escalate' || action === 'de-escalate';
    const toLevel = moves ? Math.max(1, Math.min(maxLevel, fromLevel + (levelChange ?? 0))) : fromLevel;
    const dueDate = action === 'reschedule' || moves ? addMonths(reviewedOn, level(toLevel).dueMonths) : fromDueDate;
    return {
      conditionId: id,
      criterion: fact(facts, f('criterion'), FACT.string),
      title: fact(facts, f('title'), FACT.string),
      domain: fact(facts, f('domain'), FACT.int),
      finding,
      pastDue,
      action,
      fromLevel,
      toLevel,
      fromDueDate,
      dueDate,
      directions: action !== 'remove' && level(toLevel).directions,
      reason,
      citation,
    };
  });

  const remaining = changes.filter((c) => c.action !== 'remove');
  const full = rules.find((r) => r.event.type === 'full-authorisation' && r.result);
  if (Boolean(full) !== (remaining.length === 0)) throw new Error('the full-authorisation rule disagrees with the findings');
  const directions = remaining.some((c) => c.directions);
  const directionsBefore = changes.some((c) => level(c.fromLevel).directions);
  const fullAuthorisation = full ? parseOnce(fullParams, full.event.params) : undefined;
  return {
    key: full ? REVIEW_KEYS.full : directions ? REVIEW_KEYS.directions : REVIEW_KEYS.continue,
    outcome: {
      reviewedOn,
      changes,
      removed: changes.length - remaining.length,
      escalated: changes.filter((c) => c.action === 'escalate').length,
      deEscalated: changes.filter((c) => c.action === 'de-escalate').length,
      remaining: remaining.length,
      directions,
      directionsAdded: directions && !directionsBefore,
      ...(directions ? { directionsCitation } : {}),
      ...(fullAuthorisation ? { fullAuthorisation } : {}),
    },
  };
}
