import { z } from 'zod';
import type { DecideInput, FamilyOutcome } from '../rules/rule-family.js';
import type { RuleTrace } from '../rules/trace.js';
import { interventionParametersOf } from './intervention.parameters.js';
import { FACT } from '../rules/fact-schemas.js';
import { deciderKit } from '../rules/decider-kit.js';

const { fact, params } = deciderKit('intervention');

/*
 * The intervention decider folds fired triggers into the proposed level of the ladder. It holds
 * no thresholds: they are in the rules' conditions and the rule set's parameters. The highest
 * triggered level wins; a "hold" rule keeps the level in force; otherwise the CCG comes down by
 * the rule set's de-escalation step per clear quarter, and never across a quarter not on record.
 */

/** Outcome keys, one per level: each picks its notice template. */
export const LEVEL_KEYS = [
  'checkpoint-note',
  'monitoring-letter',
  'recovery-plan-notice',
  'directions-notice',
  'board-proposal',
  'recommendation-paper',
] as const;
export type InterventionKey = (typeof LEVEL_KEYS)[number];

export const keyForLevel = (level: number): InterventionKey => {
  const key = LEVEL_KEYS[level];
  if (!key) throw new Error(`no intervention level ${level}`);
  return key;
};

export type TriggerCheck = { fact: string; operator: string; value: unknown; threshold: unknown };

export type Trigger = {
  rule: string;
  kind: 'trigger' | 'hold';
  level: number;
  domain: string;
  title: string;
  reason: string;
  citation: string;
  /** The conditions that held, with the facts and thresholds compared. */
  checks: TriggerCheck[];
};

export type InterventionOutcome = {
  level: number;
  levelName: string;
  action: string;
  power: string;
  citation: string;
  previousLevel: number;
  /** The quarter whose issued level was in force, or null for a CCG with none on record. */
  previousLevelFrom: string | null;
  movement: 'up' | 'down' | 'same';
  triggeredLevel: number;
  /** How the level was reached: a trigger, holding the level in force, or stepping down. */
  basis: 'triggers' | 'held' | 'de-escalated' | 'kept-across-gap' | 'override';
  /** Levels at or above the rule set's threshold are only issued by a human decision in review. */
  humanDecisionRequired: boolean;
  triggers: Trigger[];
  /** The ladder of the rule set applied, so an override can name the level it sets. */
  ladder: { level: number; name: string; action: string; power: string; citation: string; humanDecision: boolean }[];
  history: {
    quartersUsed: string[];
    missingQuarters: string[];
    /** Standards missed this quarter, each with the quarters its run counted. */
    standardsMissed: { id: string; title: string; threshold: number; value: number; quarters: string[] }[];
    concerns: number;
    concernsAtEscalation: number | null;
    escalatedIn: string | null;
    quartersHeld: number;
    statement: string;
  };
  overriddenFrom?: { level: number };
};

const cited = { citation: z.string(), reason: z.string(), title: z.string().default(''), domain: z.string().default('') };
const triggerParams = z.object({ level: z.number().int().min(0).max(5), ...cited });
const holdParams = z.object(cited);

const checksOf = (rule: RuleTrace): TriggerCheck[] =>
  rule.conditions.filter((c) => c.result === true).map((c) => ({ fact: c.fact, operator: c.operator, value: c.value, threshold: c.thresholdValue }));

function statement(quarter: string, used: string[], missing: string[], firstFrom: string | null): string {
  const usedText = used.length > 0 ? `Earlier quarters used: ${used.join(', ')}.` : 'No earlier quarter was used.';
  if (missing.length > 0) {
    return (
      `${usedText} ${missing.join(', ')} is not on record, so no run of missed standards or held level counts across it` +
      (firstFrom ? `; the level in force is the one issued for ${firstFrom}, kept until a quarter on record shows it clear.` : '.')
    );
  }
  return `${usedText}${used.length === 0 ? ` ${quarter} is the first quarter of the regime.` : ''}`;
}

export function decideIntervention(input: DecideInput): FamilyOutcome<InterventionOutcome> {
  const { engineFacts: f, rules, ruleSet } = input;
  const p = interventionParametersOf(ruleSet.parameters);
  const quarter = fact(f, 'quarter', FACT.string);
  const previousLevel = fact(f, 'level.previous', FACT.level);
  const previousLevelFrom = fact(f, 'level.previousFrom', FACT.nullableString);
  const used = fact(f, 'history.quartersUsed', FACT.strings);
  const missing = fact(f, 'history.missingQuarters', FACT.strings);

  const triggers: Trigger[] = [];
  for (const rule of rules) {
    if (rule.event.type === 'trigger') {
      const e = params(rule, triggerParams);
      if (rule.result)
        triggers.push({
          rule: rule.name,
          kind: 'trigger',
          level: e.level,
          domain: e.domain,
          title: e.title,
          reason: e.reason,
          citation: e.citation,
          checks: checksOf(rule),
        });
    } else if (rule.event.type === 'hold') {
      const e = params(rule, holdParams);
      if (rule.result)
        triggers.push({
          rule: rule.name,
          kind: 'hold',
          level: previousLevel,
          domain: e.domain,
          title: e.title,
          reason: e.reason,
          citation: e.citation,
          checks: checksOf(rule),
        });
    } else {
      throw new Error(`rule "${rule.name}": event type "${rule.event.type}" is not one the intervention decider folds`);
    }
  }

  const triggeredLevel = Math.max(0, ...triggers.filter((t) => t.kind === 'trigger').map((t) => t.level));
  const heldLevel = Math.max(0, ...triggers.filter((t) => t.kind === 'hold').map((t) => t.level));
  const gap = missing.length > 0;
  const floor = gap ? previousLevel : Math.max(0, previousLevel - p.deEscalationStep);
  const level = Math.max(triggeredLevel, heldLevel, floor);
  const basis: InterventionOutcome['basis'] =
    level === triggeredLevel && triggeredLevel > 0
      ? 'triggers'
      : level === heldLevel && heldLevel > 0
        ? 'held'
        : level === 0
          ? 'triggers'
          : gap
            ? 'kept-across-gap'
            : 'de-escalated';
  const rung = p.ladder[level];

  const standardsMissed = Object.entries(p.standards)
    .filter(([id]) => f[`standards.${id}.missed`] === true)
    .map(([id, s]) => ({
      id,
      title: s.title,
      threshold: s.threshold,
      value: fact(f, `standards.${id}`, FACT.number),
      quarters: fact(f, `standards.${id}.missedIn`, FACT.strings),
    }));
  const atEscalation = f['concerns.atEscalation'];

  return {
    key: keyForLevel(level),
    outcome: {
      level,
      levelName: rung.name,
      action: rung.action,
      power: rung.power,
      citation: rung.citation,
      previousLevel,
      previousLevelFrom,
      movement: level > previousLevel ? 'up' : level < previousLevel ? 'down' : 'same',
      triggeredLevel,
      basis,
      humanDecisionRequired: level >= p.humanDecisionFromLevel,
      triggers,
      ladder: p.ladder.map((r) => ({ ...r, humanDecision: r.level >= p.humanDecisionFromLevel })),
      history: {
        quartersUsed: used,
        missingQuarters: missing,
        standardsMissed,
        concerns: fact(f, 'concerns.current', FACT.number),
        concernsAtEscalation: typeof atEscalation === 'number' ? atEscalation : null,
        escalatedIn: fact(f, 'level.escalatedIn', FACT.nullableString),
        quartersHeld: fact(f, 'level.quartersHeld', FACT.number),
        statement: statement(quarter, used, missing, previousLevelFrom),
      },
    },
  };
}
