import type { Engine } from 'json-rules-engine';

/** json-rules-engine's built-in operators. */
const BUILT_IN = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
] as const;

const isIsoDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v);

/** Dates compare as ISO strings (json-rules-engine has no date operators of its own). A fact that
 *  is not a date never satisfies a date operator. */
const DATE_OPERATORS: Record<string, (a: string, b: string) => boolean> = {
  dateBefore: (a, b) => a.slice(0, 10) < b.slice(0, 10),
  dateOnOrBefore: (a, b) => a.slice(0, 10) <= b.slice(0, 10),
  dateAfter: (a, b) => a.slice(0, 10) > b.slice(0, 10),
  dateOnOrAfter: (a, b) => a.slice(0, 10) >= b.slice(0, 10),
};

/** `isDefined` lets a rule say "this evidence was supplied" without guessing a value. */
const PRESENCE_OPERATORS: Record<string, (a: unknown, b: unknown) => boolean> = {
  isDefined: (a, b) => (a !== undefined && a !== null) === (b !== false),
};

export const OPERATOR_NAMES: ReadonlySet<string> = new Set([...BUILT_IN, ...Object.keys(DATE_OPERATORS), ...Object.keys(PRESENCE_OPERATORS)]);

export function addCustomOperators(engine: Engine): void {
  for (const [name, compare] of Object.entries(DATE_OPERATORS)) {
    engine.addOperator<unknown, unknown>(name, (a, b) => isIsoDate(a) && isIsoDate(b) && compare(a, b));
  }
  for (const [name, check] of Object.entries(PRESENCE_OPERATORS)) {
    engine.addOperator<unknown, unknown>(name, check);
  }
}
