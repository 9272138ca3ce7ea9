import { z } from 'zod';

/*
 * Quarters of the NHS financial year (shared by the families and reports that work by quarter): `2013-Q1` is April–June 2013, `2013-Q3` October–December
 * 2013 and `2013-Q4` January–March 2014. CCGs began on 1 April 2013, so 2013-Q1 is their first.
 */

const QUARTER = /^(\d{4})-Q([1-4])$/;

export const quarterSchema = z.string().regex(QUARTER, 'expected a quarter of the financial year like 2013-Q3 (Q1 = April to June)');

function parts(quarter: string): [number, number] {
  const m = QUARTER.exec(quarter);
  if (!m) throw new Error(`not a quarter: "${quarter}"`);
  return [Number(m[1]), Number(m[2])];
}

/** A number that orders quarters: consecutive quarters differ by one. */
export function quarterIndex(quarter: string): number {
  const [year, q] = parts(quarter);
  return year * 4 + (q - 1);
}

export function quarterFromIndex(index: number): string {
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

export const previousQuarter = (quarter: string): string => quarterFromIndex(quarterIndex(quarter) - 1);
export const nextQuarter = (quarter: string): string => quarterFromIndex(quarterIndex(quarter) + 1);

/** The quarter's first day, ISO: the date on which its rule set is chosen. */
export function quarterStart(quarter: string): string {
  const [year, q] = parts(quarter);
  const month = [4, 7, 10, 1][q - 1];
  return `${q === 4 ? year + 1 : year}-${String(month).padStart(2, '0')}-01`;
}

/** `2013-Q4` → `2013/14`. */
export function financialYearOf(quarter: string): string {
  const [year] = parts(quarter);
  return `${year}/${String((year + 1) % 100).padStart(2, '0')}`;
}

/** `2013/14` → the four quarters of that year. */
export function quartersOfYear(financialYear: string): string[] {
  const m = /^(\d{4})\/\d{2}$/.exec(financialYear);
  if (!m) throw new Error(`not a financial year: "${financialYear}"`);
  return [1, 2, 3, 4].map((q) => `${m[1]}-Q${q}`);
}

/** `count` quarters starting at `first`. */
export function quarterRange(first: string, count: number): string[] {
  const start = quarterIndex(first);
  return Array.from({ length: count }, (_, i) => quarterFromIndex(start + i));
}

/** The quarter's last day, ISO: `2013-Q3` → `2013-12-31`. */
export function quarterEnd(quarter: string): string {
  const next = new Date(`${quarterStart(nextQuarter(quarter))}T00:00:00Z`);
  return new Date(next.getTime() - 86_400_000).toISOString().slice(0, 10);
}

/** The quarter of the financial year a date (ISO) falls in: `2013-11-05` → `2013-Q3`. */
export function quarterOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month <= 3 ? `${year - 1}-Q4` : `${year}-Q${Math.floor((month - 4) / 3) + 1}`;
}

export const financialYearSchema = z
  .string()
  .regex(/^\d{4}\/\d{2}$/, 'expected a financial year like 2013/14')
  .refine((y) => (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5)), {
    error: 'expected a financial year like 2013/14 (two consecutive years)',
  });

/** The first and last days of a financial year: `2013/14` → 2013-04-01 to 2014-03-31. */
export function financialYearDates(financialYear: string): { from: string; to: string } {
  const quarters = quartersOfYear(financialYear);
  return { from: quarterStart(quarters[0]), to: quarterEnd(quarters[3]) };
}
