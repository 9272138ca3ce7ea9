import { z } from 'zod';

/*
 * Quarters of the NHS financial year (shared by the families and reports that work by quarter): `2013-Q1` is April–June 2013, `2013-Q3` October–December
 * 2013 and `2013-Q4` January–March 2014. CCGs began on 1 April 2013, so 2013-Q1 is their first.
 *
 * What a request may name is 2013-Q1 (2013/14) to 2099-Q4 (2099/00): nothing was assessed
 * before the CCGs and the Board existed, and a year further ahead is a typo, not a plan. The
 * arithmetic below works on any four-digit year and never throws on what the schemas accept.
 */

/** The first year a quarter or financial year may start in: CCGs began on 1 April 2013. */
export const FIRST_YEAR = 2013;
/** The last year a quarter or financial year may start in. */
export const LAST_YEAR = 2099;
export const FIRST_QUARTER = `${FIRST_YEAR}-Q1`;
export const LAST_QUARTER = `${LAST_YEAR}-Q4`;

const QUARTER = /^(\d{4})-Q([1-4])$/;
/** What the arithmetic reads: any year of four digits or more (the quarter after 9999-Q4 is 10000-Q1). */
const ANY_QUARTER = /^(\d{4,})-Q([1-4])$/;
const FINANCIAL_YEAR = /^(\d{4})\/(\d{2})$/;

const inRange = (year: number): boolean => year >= FIRST_YEAR && year <= LAST_YEAR;
const yyyy = (year: number): string => String(year).padStart(4, '0');

export const quarterSchema = z
  .string()
  .regex(QUARTER, 'expected a quarter of the financial year like 2013-Q3 (Q1 = April to June)')
  .refine((q) => !QUARTER.test(q) || inRange(Number(q.slice(0, 4))), {
    error: `expected a quarter from ${FIRST_QUARTER} (CCGs began in April 2013) to ${LAST_QUARTER}`,
  });

function parts(quarter: string): [number, number] {
  const m = ANY_QUARTER.exec(quarter);
  if (!m) throw new Error(`not a quarter: "${quarter}"`);
  return [Number(m[1]), Number(m[2])];
}

/** A number that orders quarters: consecutive quarters differ by one. */
export function quarterIndex(quarter: string): number {
  const [year, q] = parts(quarter);
  return year * 4 + (q - 1);
}

export function quarterFromIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`no quarter has index ${index} (the first is 0000-Q1)`);
  const year = Math.floor(index / 4);
  return `${yyyy(year)}-Q${index - year * 4 + 1}`;
}

export const previousQuarter = (quarter: string): string => quarterFromIndex(quarterIndex(quarter) - 1);
export const nextQuarter = (quarter: string): string => quarterFromIndex(quarterIndex(quarter) + 1);

/** The quarter's first day, ISO: the date on which its rule set is chosen. */
export function quarterStart(quarter: string): string {
  const [year, q] = parts(quarter);
  return `${yyyy(q === 4 ? year + 1 : year)}-${['04', '07', '10', '01'][q - 1]}-01`;
}

/** The quarter's last day, ISO: `2013-Q3` → `2013-12-31`. */
export function quarterEnd(quarter: string): string {
  const [year, q] = parts(quarter);
  return `${yyyy(q === 4 ? year + 1 : year)}-${['06-30', '09-30', '12-31', '03-31'][q - 1]}`;
}

/** `2013-Q4` → `2013/14`. */
export function financialYearOf(quarter: string): string {
  const [year] = parts(quarter);
  return `${yyyy(year)}/${String((year + 1) % 100).padStart(2, '0')}`;
}

/** `2013/14` → the four quarters of that year. */
export function quartersOfYear(financialYear: string): string[] {
  const m = FINANCIAL_YEAR.exec(financialYear);
  if (!m) throw new Error(`not a financial year: "${financialYear}"`);
  return [1, 2, 3, 4].map((q) => `${m[1]}-Q${q}`);
}

/** `count` quarters starting at `first`. */
export function quarterRange(first: string, count: number): string[] {
  const start = quarterIndex(first);
  return Array.from({ length: count }, (_, i) => quarterFromIndex(start + i));
}

/** The quarter of the financial year a date (ISO) falls in: `2013-11-05` → `2013-Q3`. */
export function quarterOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month <= 3 ? `${yyyy(year - 1)}-Q4` : `${yyyy(year)}-Q${Math.floor((month - 4) / 3) + 1}`;
}

/** Why a quarter cannot be assessed or swept yet (it starts after `today`, ISO), or null. */
export function notBegunProblem(quarter: string, today: string): string | null {
  return quarterStart(quarter) > today ? `${quarter} has not begun (today is ${today})` : null;
}

const consecutive = (y: string): boolean => (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5));

/** One issue whichever way it is wrong: the form, the two years, or the range. */
export const financialYearSchema = z
  .string()
  .regex(FINANCIAL_YEAR, 'expected a financial year like 2013/14')
  .refine((y) => !FINANCIAL_YEAR.test(y) || consecutive(y), {
    error: 'expected a financial year like 2013/14 (two consecutive years)',
  })
  .refine((y) => !FINANCIAL_YEAR.test(y) || !consecutive(y) || inRange(Number(y.slice(0, 4))), {
    error: `expected a financial year from ${financialYearOf(FIRST_QUARTER)} (CCGs began in April 2013) to ${financialYearOf(LAST_QUARTER)}`,
  });

/** The first and last days of a financial year: `2013/14` → 2013-04-01 to 2014-03-31. */
export function financialYearDates(financialYear: string): { from: string; to: string } {
  const quarters = quartersOfYear(financialYear);
  return { from: quarterStart(quarters[0]), to: quarterEnd(quarters[3]) };
}
