import type { RuleTrace } from '../rules/trace.js';

/** One row of the explanation table: a condition of a rule as the engine saw it. */
export interface ExplanationRow {
  rule: string;
  reason: string;
  citation: string;
  fact: string;
  operator: string;
  threshold: string;
  actual: string;
  verdict: 'pass' | 'fail' | 'not reached';
  ruleResult: boolean;
  firstOfRule: boolean;
  ruleSpan: number;
}

const show = (value: unknown): string => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/** The explanation table of an evaluation, straight from its stored traces. */
export function explanationRows(rules: RuleTrace[]): ExplanationRow[] {
  return rules.flatMap((rule) => {
    const params = rule.event.params ?? {};
    const common = {
      rule: rule.name,
      reason: show(params.reason),
      citation: show(params.citation),
      ruleResult: rule.result,
    };
    if (rule.conditions.length === 0) {
      return [
        { ...common, fact: '', operator: '', threshold: '', actual: '', verdict: rule.result ? 'pass' : 'fail', firstOfRule: true, ruleSpan: 1 },
      ];
    }
    return rule.conditions.map((c, i): ExplanationRow => ({
      ...common,
      fact: c.path ? `${c.fact} ${c.path}` : c.fact,
      operator: c.operator,
      threshold: show(c.result === null ? c.threshold : (c.thresholdValue ?? c.threshold)),
      actual: c.result === null ? '' : show(c.value),
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
