/** Calendar arithmetic on ISO dates (UTC, no times): a due date is "n months after" a decision,
 *  clamped to the month's last day (31 January + 1 month = 28 February). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
export const dayDate = (iso: string): Date => new Date(`${iso.slice(0, 10)}T00:00:00Z`);
