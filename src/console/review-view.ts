import { factLabel, OPERATOR_WORDS, valueInWords } from '../rules/condition-words.js';
import type { RuleTrace } from '../rules/trace.js';

/** One row of the explanation table: a condition of a rule as the engine saw it. */
export interface ExplanationRow {
  rule: string;
  reason: string;
  citation: string;
  /** The fact in words (`gateways › financial › unplanned deficit`), and as the rules name it. */
  fact: string;
  factName: string;
  /** The operator in words (`at least`), and as the rules name it. */
  operator: string;
  operatorName: string;
  threshold: string;
  actual: string;
  verdict: 'pass' | 'fail' | 'not reached';
  /** Whether a condition not met counts against the subject (a gateway, a measure, a criterion) or
   *  only means the rule did not apply (a flag, a trigger, an action): only the first is shown red. */
  missIsAdverse: boolean;
  ruleResult: boolean;
  firstOfRule: boolean;
  ruleSpan: number;
}

/** Rule events whose rule, not firing, counts against the subject; for the others (flags,
 *  triggers, actions, holds…) a condition not met only means the rule did not apply. */
const REQUIREMENTS = new Set(['gateway', 'measure', 'criterion', 'evidence', 'full-authorisation']);

const show = (value: unknown): string => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/** A threshold or value in the table, worded as documents word it (condition-words.ts), so that
 *  250000 reads `250,000`; a threshold naming another fact, not yet resolved, reads as that fact. */
const inWords = (value: unknown): string => {
  if (value === undefined) return '';
  const ref: unknown = typeof value === 'object' && value !== null && 'fact' in value ? value.fact : undefined;
  return typeof ref === 'string' ? factLabel(ref) : valueInWords(value);
};

/** The explanation table of an evaluation, straight from its stored traces. */
export function explanationRows(rules: RuleTrace[]): ExplanationRow[] {
  return rules.flatMap((rule) => {
    const params = rule.event.params ?? {};
    const common = {
      rule: rule.name,
      reason: show(params.reason),
      citation: show(params.citation),
      ruleResult: rule.result,
      missIsAdverse: REQUIREMENTS.has(rule.event.type),
    };
    if (rule.conditions.length === 0) {
      return [
        {
          ...common,
          fact: '',
          factName: '',
          operator: '',
          operatorName: '',
          threshold: '',
          actual: '',
          verdict: rule.result ? 'pass' : 'fail',
          firstOfRule: true,
          ruleSpan: 1,
        },
      ];
    }
    return rule.conditions.map((c, i): ExplanationRow => ({
      ...common,
      fact: factLabel(c.fact) + (c.path ? ` ${c.path}` : ''),
      factName: c.path ? `${c.fact} ${c.path}` : c.fact,
      operator: OPERATOR_WORDS[c.operator] ?? c.operator,
      operatorName: c.operator,
      threshold: inWords(c.result === null ? c.threshold : (c.thresholdValue ?? c.threshold)),
      actual: c.result === null ? '' : inWords(c.value),
      verdict: c.result === null ? 'not reached' : c.result ? 'pass' : 'fail',
      firstOfRule: i === 0,
      ruleSpan: rule.conditions.length,
    }));
  });
}

/** Facts as dotted paths and values, for a plain two-column table. */
export function factRows(value: unknown, prefix = '', out: { path: string; value: string }[] = []): { path: string; value: string }[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) factRows(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.push({ path: prefix || '(facts)', value: show(value) });
  }
  return out;
}

/** A moment as reviewers read it: `2013-06-30 14:05 UTC`. */
export function when(at: Date | string | null | undefined): string {
  if (!at) return '';
  const d = typeof at === 'string' ? new Date(at) : at;
  return Number.isNaN(d.getTime()) ? String(at) : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The time of day of a moment soon to come, as a claim's end is read: `14:20 UTC`. */
export function clockTime(at: Date | string | null | undefined): string {
  if (!at) return '';
  const d = typeof at === 'string' ? new Date(at) : at;
  return Number.isNaN(d.getTime()) ? String(at) : `${d.toISOString().slice(11, 16)} UTC`;
}
