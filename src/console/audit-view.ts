// How the console's audit list shows an event: its entity's page, short hashes, details as
// key → value rows, and the dates the search takes (the dates the list shows).

/** Where an audited entity can be seen in the console; null where the console has no page. */
export function entityLink(type: string, id: string): string | null {
  const at = encodeURIComponent(id);
  if (type === 'assessment') return `/console/assessments/${at}`;
  if (type === 'decision') return `/console/decisions/${at}/document`;
  if (type === 'ccg') return `/console/ccgs/${at}`;
  return null;
}

/** A hash as the list shows it (first 12 characters); the whole value goes in a title. */
export function shortHash(hash: string | null | undefined): string {
  return hash ? hash.slice(0, 12) : '';
}

export interface DetailRow {
  key: string;
  value: string;
}

const MAX_VALUE = 240;
const shorten = (text: string): string => (text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text);

/** A payload as key → value rows, nested objects and arrays flattened to dotted keys
 *  (`outcome.payablePence`, `items.0.code`). At most `max` rows; the downloads carry the rest. */
export function detailRows(payload: unknown, max = 40): { rows: DetailRow[]; more: number } {
  const rows: DetailRow[] = [];
  const walk = (value: unknown, key: string): void => {
    if (value !== null && typeof value === 'object') {
      const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
      if (entries.length === 0) rows.push({ key: key || '(payload)', value: Array.isArray(value) ? '(none)' : '(empty)' });
      for (const [k, v] of entries) walk(v, key ? `${key}.${k}` : k);
      return;
    }
    rows.push({ key: key || '(payload)', value: value === undefined ? '' : shorten(typeof value === 'string' ? value : JSON.stringify(value)) });
  };
  if (payload !== null && payload !== undefined) walk(payload, '');
  return { rows: rows.slice(0, max), more: Math.max(0, rows.length - max) };
}

const SHOWN_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)\s*(?:UTC|Z)?$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The list shows times as `2025-06-01 09:30 UTC`; the search takes that form as well as a date
 *  or an ISO 8601 time, so a time copied from the list finds its event. */
export function searchTime(text: string): string {
  const m = SHOWN_TIME.exec(text.trim());
  if (!m) return text.trim();
  const time = m[2].length === 5 ? `${m[2]}:00` : m[2];
  return `${m[1]}T${time}Z`;
}

/** A `to` given as a date includes the whole of that day (UTC), and one given to the minute (as
 *  the list shows times) the whole of that minute; a time with seconds is taken as it is.
 *  `typed` is the value as entered, `to` as searchTime gave it. */
export function searchEnd(to: string | undefined, typed: unknown = to): Date | undefined {
  if (to === undefined) return undefined;
  if (DATE_ONLY.test(to)) return new Date(Date.parse(`${to}T00:00:00Z`) + 24 * 3600 * 1000 - 1);
  const shown = typeof typed === 'string' ? SHOWN_TIME.exec(typed.trim()) : null;
  if (shown && shown[2].length === 5) return new Date(Date.parse(to) + 60 * 1000 - 1);
  return new Date(to);
}
