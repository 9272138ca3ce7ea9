import type { ConditionTrace } from './trace.js';

/*
 * Rule conditions in words, for explanation tables and decision documents: what a condition asks
 * (`C. difficile cases at most the CCG's threshold (84)`), what was found and, when not met, how
 * it fell short (`MRSA cases: 2, not 0`). Pure and generic: a family passes the words for its
 * facts; without them a fact's name is spelt out (`unplannedDeficit` → `unplanned deficit`).
 */

/** Operators as a reader says them. */
export const OPERATOR_WORDS: Readonly<Record<string, string>> = {
  equal: 'is',
  notEqual: 'is not',
  in: 'is one of',
  notIn: 'is none of',
  contains: 'contains',
  doesNotContain: 'does not contain',
  lessThan: 'below',
  lessThanInclusive: 'at most',
  greaterThan: 'above',
  greaterThanInclusive: 'at least',
  dateBefore: 'before',
  dateOnOrBefore: 'on or before',
  dateAfter: 'after',
  dateOnOrAfter: 'on or after',
  isDefined: 'is given',
};

/** Where a value that did not meet an operator lies: 93.1 is `below` 95 when the test was `at least`. */
const SHORT_OF: Readonly<Record<string, string>> = {
  equal: 'not',
  notEqual: 'equal to',
  in: 'not one of',
  notIn: 'one of',
  contains: 'without',
  doesNotContain: 'containing',
  lessThan: 'not below',
  lessThanInclusive: 'above',
  greaterThan: 'not above',
  greaterThanInclusive: 'below',
  dateBefore: 'not before',
  dateOnOrBefore: 'after',
  dateAfter: 'not after',
  dateOnOrAfter: 'before',
};

/** `gateways.financial.unplannedDeficit` → `gateways › financial › unplanned deficit`. */
export function factLabel(name: string): string {
  return name
    .split('.')
    .map((part) =>
      part
        .replace(/([a-z\d])([A-Z])/g, '$1 $2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
        .toLowerCase(),
    )
    .join(' › ');
}

/** How a family says one of its facts: the words, and the unit its numbers are in (`%`). */
export interface FactWording {
  label: string;
  unit?: string;
}
export type FactWords = (fact: string) => FactWording;

/** The fallback: the fact's name spelt out, no unit. */
export const spelledOut: FactWords = (fact) => ({ label: factLabel(fact) });

// Enough digits that a value just short of a threshold never reads as the threshold itself.
const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 6 });

/** A value as a reader reads it: `200,000`, `93.1%`, `yes`, `not given`. */
export function valueInWords(value: unknown, unit?: string): string {
  if (value === null || value === undefined) return 'not given';
  if (value === true) return 'yes';
  if (value === false) return 'no';
  // `%` closes up to the number (93.1%), as GOV.UK style and the documents' percent helper do.
  if (typeof value === 'number') return unit ? `${numberFormat.format(value)}${unit === '%' ? '' : ' '}${unit}` : numberFormat.format(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => valueInWords(v, unit)).join(', ');
  return JSON.stringify(value);
}

/** `a`, `a and b`, `a, b and c`. */
export function listInWords(items: readonly string[], last = 'and'): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

const factRef = (v: unknown): string | undefined =>
  typeof v === 'object' && v !== null && typeof (v as { fact?: unknown }).fact === 'string' ? (v as { fact: string }).fact : undefined;

/** The threshold in words: a literal in the fact's unit, or the fact it names with its value. */
function thresholdInWords(c: ConditionTrace, words: FactWords): string {
  const { unit } = words(c.fact);
  const ref = factRef(c.threshold);
  if (ref === undefined) return valueInWords(c.threshold, unit);
  const known = c.result !== null && c.thresholdValue !== null && c.thresholdValue !== undefined;
  return known ? `${words(ref).label} (${valueInWords(c.thresholdValue, unit)})` : words(ref).label;
}

/** A yes/no test: `equal true` reads as the fact itself, `equal false` as its absence. */
const isYesNo = (c: ConditionTrace): boolean => (c.operator === 'equal' || c.operator === 'notEqual') && typeof c.threshold === 'boolean';

/** What one condition asks: `A&E within four hours at least 95%`, `no unplanned deficit`,
 *  `no MRSA cases` (equal to 0). */
export function requirementInWords(c: ConditionTrace, words: FactWords = spelledOut): string {
  const { label } = words(c.fact);
  if (isYesNo(c)) return (c.threshold === true) === (c.operator === 'equal') ? label : `no ${label}`;
  if (c.operator === 'equal' && c.threshold === 0) return `no ${label}`;
  if (c.operator === 'equal') return `${label} exactly ${thresholdInWords(c, words)}`;
  if (c.operator === 'isDefined') return `${label} given`;
  return `${label} ${OPERATOR_WORDS[c.operator] ?? c.operator} ${thresholdInWords(c, words)}`;
}

/** The value found for a condition, in the fact's unit; `not reached` when the engine never
 *  evaluated it. */
export function actualInWords(c: ConditionTrace, words: FactWords = spelledOut): string {
  return c.result === null ? 'not reached' : valueInWords(c.value, words(c.fact).unit);
}

/** What was found, and for a condition not met how it fell short: `MRSA cases: 2, not 0`,
 *  `A&E within four hours: 93.1%, below the 95% standard` (with `thresholdNoun: 'standard'`),
 *  `Friends and Family Test rolled out on time: no`. */
export function findingInWords(c: ConditionTrace, words: FactWords = spelledOut, options: { thresholdNoun?: string } = {}): string {
  const found = `${words(c.fact).label}: ${actualInWords(c, words)}`;
  if (c.result !== false || isYesNo(c) || c.operator === 'isDefined' || c.value === null) return found;
  const threshold = options.thresholdNoun ? `the ${thresholdInWords(c, words)} ${options.thresholdNoun}` : thresholdInWords(c, words);
  return `${found}, ${SHORT_OF[c.operator] ?? `not ${OPERATOR_WORDS[c.operator] ?? c.operator}`} ${threshold}`;
}

type Step = { mode: string; index: number };
const stepsOf = (at: string): Step[] =>
  at
    .split('.')
    .filter(Boolean)
    .map((s) => {
      const m = /^(all|any)\[(\d+)\]$/.exec(s);
      return m ? { mode: m[1], index: Number(m[2]) } : { mode: s, index: 0 };
    });

/** A condition tree as one sentence, rebuilt from the traces' positions (`all[1].any[0]`):
 *  `all` joined with "and", `any` with "or", nested groups in brackets. */
function joinTree(items: { steps: Step[]; text: string }[]): string {
  const leaf = items.find((i) => i.steps.length === 0);
  if (leaf) return leaf.text;
  const mode = items[0].steps[0].mode;
  const groups = new Map<number, { steps: Step[]; text: string }[]>();
  for (const i of items) groups.set(i.steps[0].index, [...(groups.get(i.steps[0].index) ?? []), { steps: i.steps.slice(1), text: i.text }]);
  const parts = [...groups.values()].map((g) => {
    const text = joinTree(g);
    return g.length > 1 ? `(${text})` : text;
  });
  if (mode === 'not') return `not ${parts[0]}`;
  return listInWords(parts, mode === 'any' ? 'or' : 'and');
}

/** Every condition of a rule, as the rule combines them: the whole test in one sentence. */
export function testInWords(conditions: readonly ConditionTrace[], words: FactWords = spelledOut): string {
  return joinTree(conditions.map((c) => ({ steps: stepsOf(c.at), text: requirementInWords(c, words) })));
}
