import { dateInWords, monthInWords } from '../common/format.js';
import type { PrismaService } from '../prisma/prisma.service.js';
import { ccgsInScope } from '../rules/national-scope.js';
import type { NationalFilter, NationalPicture } from '../rules/rule-family.js';
import { standingOf, type Standing } from './authorisation-status.js';
import { DIRECTIONS_FROM_LEVEL } from './authorisation-summary.js';
import { isoDay } from './dates.js';

/** Conditions listed as due this month; the rest are counted. */
export const DUE_LISTED = 25;

export interface AuthorisationRows {
  ccgs: { odsCode: string; name: string }[];
  /** The outcome recorded for each decided CCG (ccg_authorisation_status). */
  records: { odsCode: string; outcome: string }[];
  /** Open conditions per CCG, and the highest level among them. */
  open: { odsCode: string; count: number; maxLevel: number }[];
  /** Open conditions due in `month`, soonest first (at most DUE_LISTED), and how many there are. */
  due: { odsCode: string; criterion: string; title: string; dueDate: string }[];
  dueTotal: number;
  /** Open conditions whose due date has passed. */
  overdue: number;
  /** The month `due` covers, in words (`June 2013`). */
  month: string;
}

/** The CCGs of the filter by standing (as each CCG's page gives it) and the conditions falling due
 *  this month, each leading to its CCG's page. */
export function authorisationPicture(rows: AuthorisationRows): NationalPicture {
  const outcomeOf = new Map(rows.records.map((r) => [r.odsCode, r.outcome]));
  const openOf = new Map(rows.open.map((o) => [o.odsCode, o]));
  const counts: Record<Standing, number> = {
    'not-assessed': 0,
    authorised: 0,
    'authorised-with-conditions': 0,
    'authorised-with-conditions-and-directions': 0,
    'established-not-authorised': 0,
  };
  for (const c of rows.ccgs) {
    const open = openOf.get(c.odsCode);
    counts[standingOf(outcomeOf.get(c.odsCode), open?.count ?? 0, (open?.maxLevel ?? 0) >= DIRECTIONS_FROM_LEVEL)] += 1;
  }
  const notYet = counts['not-assessed'] + counts['established-not-authorised'];
  const openTotal = rows.open.reduce((n, o) => n + o.count, 0);
  const names = new Map(rows.ccgs.map((c) => [c.odsCode, c.name]));
  const more = rows.dueTotal - rows.due.length;
  return {
    title: 'CCG authorisation',
    figures: [
      { label: 'Fully authorised', value: String(counts.authorised), detail: 'free of conditions', tone: 'good' },
      { label: 'With conditions', value: String(counts['authorised-with-conditions']), detail: 'no directions', tone: 'caution' },
      {
        label: 'Under directions',
        value: String(counts['authorised-with-conditions-and-directions']),
        detail: `a condition at level ${DIRECTIONS_FROM_LEVEL} or above`,
        tone: 'concern',
      },
      {
        label: 'Not yet authorised',
        value: String(notYet),
        detail: `${counts['established-not-authorised']} established, not authorised; ${counts['not-assessed']} not decided`,
        tone: counts['established-not-authorised'] > 0 ? 'adverse' : 'neutral',
      },
      {
        label: 'Open conditions',
        value: String(openTotal),
        detail: `${rows.overdue} past their due date`,
        tone: rows.overdue > 0 ? 'concern' : 'neutral',
      },
    ],
    lists: [
      {
        title: `Conditions due in ${rows.month}`,
        empty: `No open condition falls due in ${rows.month}.`,
        items: [
          ...rows.due.map((d) => ({
            text: `${names.get(d.odsCode) ?? d.odsCode} (${d.odsCode}): ${d.criterion} ${d.title}, due ${dateInWords(d.dueDate)}`,
            href: `/console/ccgs/${d.odsCode}`,
          })),
          ...(more > 0 ? [{ text: `and ${more} more due in ${rows.month}` }] : []),
        ],
      },
    ],
  };
}

/** The first days of `now`'s month and the next (UTC, as due dates are stored). */
export function monthAround(now: Date): { start: Date; end: Date; label: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return { start, end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)), label: monthInWords(start) };
}

/** Reads the family's own tables for the CCGs of `filter`, counting in the database. */
export async function readAuthorisationRows(filter: NationalFilter, db: PrismaService, now: Date): Promise<AuthorisationRows> {
  const ccgs = await ccgsInScope(filter, db);
  const codes = ccgs.map((c) => c.odsCode);
  const month = monthAround(now);
  const open = { status: 'open', odsCode: { in: codes } };
  const dueThisMonth = { ...open, dueDate: { gte: month.start, lt: month.end } };
  const [records, grouped, due, dueTotal, overdue] = await Promise.all([
    db.ccgAuthorisation.findMany({ where: { odsCode: { in: codes } }, select: { odsCode: true, outcome: true } }),
    db.authorisationCondition.groupBy({ by: ['odsCode'], where: open, _count: { _all: true }, _max: { level: true } }),
    db.authorisationCondition.findMany({
      where: dueThisMonth,
      select: { odsCode: true, criterion: true, title: true, dueDate: true },
      orderBy: [{ dueDate: 'asc' }, { odsCode: 'asc' }, { criterion: 'asc' }],
      take: DUE_LISTED,
    }),
    db.authorisationCondition.count({ where: dueThisMonth }),
    db.authorisationCondition.count({ where: { ...open, dueDate: { lt: new Date(`${isoDay(now)}T00:00:00Z`) } } }),
  ]);
  return {
    ccgs,
    records,
    open: grouped.map((g) => ({ odsCode: g.odsCode, count: g._count._all, maxLevel: g._max.level ?? 0 })),
    due: due.map((d) => ({ ...d, dueDate: isoDay(d.dueDate) })),
    dueTotal,
    overdue,
    month: month.label,
  };
}

/** The family's `nationalPicture`: authorisation standing over the CCGs of the filter, today. */
export async function nationalPicture(filter: NationalFilter, db: PrismaService): Promise<NationalPicture> {
  return authorisationPicture(await readAuthorisationRows(filter, db, new Date()));
}
