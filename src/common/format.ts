/*
 * Figures as a reader reads them, in one place so that documents, console pages and national
 * pictures say them alike: money from pence, counts with thousands separators, dates in words
 * (en-GB, UTC) and shares as per cent closed up to the number (`12.5%`, GOV.UK style).
 */

const MONEY = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const WHOLE_POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0, minimumFractionDigits: 0 });
const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Pounds and pence: 25000050 → `£250,000.50`. */
export const money = (pence: number): string => MONEY.format(pence / 100);

/** Whole pounds, for totals: 1234567899 → `£12,345,679`. */
export const wholePounds = (pence: number): string => WHOLE_POUNDS.format(pence / 100);

/** Pence only when there are some: `£1,000` but `£1,000.50`. */
export const pounds = (pence: number): string => (Number.isInteger(pence / 100) ? wholePounds(pence) : money(pence));

/** A count or measure: 200000 → `200,000`, 1.30000001 → `1.3`. */
export const number = (value: number): string => NUMBER.format(value);

/** A day in words: `2013-06-30` → `30 June 2013`; text that is not a date comes back as given. */
export function dateInWords(value: string | Date): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : DAY.format(d);
}

/** A month in words: `June 2013`. */
export const monthInWords = (value: Date): string => MONTH.format(value);

// A share in whole steps of the last printed digit, so that printed shares can be subtracted
// exactly: what is printed as a difference is then the difference of what is printed.
const steps = (fraction: number, digits: number): number => Math.round(fraction * 100 * 10 ** digits);
const inPercent = (n: number, digits: number): string => {
  const fixed = (n / 10 ** digits).toFixed(digits);
  return `${digits > 0 ? fixed.replace(/\.?0+$/, '') : fixed}%`;
};

/** A fraction as per cent to at most `digits` decimals, no trailing zeros: 0.123 → `12.3%`. */
export const percent = (fraction: number, digits = 4): string => inPercent(steps(fraction, digits), digits);

/** `after − before` as per cent, taken from the two printed shares rather than rounded on its own,
 *  so that percent(before) + this reads as percent(after): 1/3 and 2/3 + 1p give 33.3334%. */
export const percentDifference = (after: number, before: number, digits = 4): string =>
  inPercent(steps(after, digits) - steps(before, digits), digits);
