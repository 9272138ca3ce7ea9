import type { PrismaService } from '../prisma/prisma.service.js';
import { ccgsInScope } from '../rules/national-scope.js';
import type { NationalFilter, NationalPicture, OutcomeTone } from '../rules/rule-family.js';
import { quarterIndex } from './quarter.js';

/** The family's id as intervention.family.ts declares it: that file imports this one, and an
 *  import back would leave its `nationalPicture` undefined whichever module loads first. */
const FAMILY = 'intervention';

export const LEVELS = [0, 1, 2, 3, 4, 5] as const;

/** What a level says of the CCG, as charts colour it: routine (good), monitoring and a recovery
 *  plan (caution), directions (concern), the Board's own action (adverse). */
const LEVEL_TONES: readonly OutcomeTone[] = ['good', 'caution', 'caution', 'concern', 'adverse', 'adverse'];
export const levelTone = (level: number): OutcomeTone => LEVEL_TONES[level] ?? 'neutral';

export interface QuarterLevelCount {
  quarter: string;
  level: number;
  count: number;
}

export interface QuarterRow {
  quarter: string;
  /** CCGs at each issued level, "0" … "5". */
  levels: Record<string, number>;
  issued: number;
  awaitingReview: number;
  notIssued: number;
}

/** Count of CCGs at each issued level per quarter, oldest first, with the proposals awaiting
 *  review beside them and the CCGs with nothing issued (of `ccgs`). `quarter` keeps a quarter
 *  with nothing recorded as a row of zeros. */
export function levelsByQuarter(
  counts: QuarterLevelCount[],
  pending: { quarter: string; count: number }[],
  ccgs: number,
  quarter?: string,
): QuarterRow[] {
  const quarters = new Set<string>([...counts.map((g) => g.quarter), ...pending.map((p) => p.quarter), ...(quarter ? [quarter] : [])]);
  return [...quarters]
    .sort((a, b) => quarterIndex(a) - quarterIndex(b))
    .map((q) => {
      const levels = Object.fromEntries(LEVELS.map((l) => [String(l), counts.find((g) => g.quarter === q && g.level === l)?.count ?? 0]));
      const issued = Object.values(levels).reduce((a, b) => a + b, 0);
      return { quarter: q, levels, issued, awaitingReview: pending.find((p) => p.quarter === q)?.count ?? 0, notIssued: ccgs - issued };
    });
}

/** The levels per quarter (the API's dashboard and the console's home page) from the family's own
 *  table, counted in the database: one quarter or all, every CCG or those of `codes`. */
export async function readLevelsByQuarter(
  db: PrismaService,
  scope: { quarter?: string; codes?: string[] },
): Promise<{ ccgs: number; quarters: QuarterRow[] }> {
  const { quarter, codes } = scope;
  const [groups, pending, ccgs] = await Promise.all([
    db.interventionQuarter.groupBy({
      by: ['quarter', 'level'],
      _count: { _all: true },
      where: { ...(quarter ? { quarter } : {}), ...(codes ? { ccgCode: { in: codes } } : {}) },
    }),
    db.assessment.groupBy({
      by: ['period'],
      _count: { _all: true },
      where: { family: FAMILY, status: 'awaiting_review', ...(quarter ? { period: quarter } : {}), ...(codes ? { subject: { in: codes } } : {}) },
    }),
    codes ? Promise.resolve(codes.length) : db.ccg.count(),
  ]);
  const counts = groups.map((g) => ({ quarter: g.quarter, level: g.level, count: g._count._all }));
  return {
    ccgs,
    quarters: levelsByQuarter(
      counts,
      pending.map((p) => ({ quarter: p.period, count: p._count._all })),
      ccgs,
      quarter,
    ),
  };
}

const sum = (rows: QuarterRow[], pick: (r: QuarterRow) => number) => rows.reduce((n, r) => n + pick(r), 0);

/** The ladder at a glance: where the CCGs stood in the latest quarter with levels issued, what
 *  awaits review, and CCGs at each level per quarter as a chart. */
export function interventionPicture(ccgs: number, rows: QuarterRow[]): NationalPicture {
  const latest = [...rows].reverse().find((r) => r.issued > 0);
  const at = (r: QuarterRow, levels: readonly number[]) => levels.reduce((n, l) => n + (r.levels[String(l)] ?? 0), 0);
  const inLatest = (label: string, levels: readonly number[], tone: OutcomeTone) =>
    latest
      ? { label, value: String(at(latest, levels)), detail: `in ${latest.quarter}`, tone }
      : { label, value: '0', detail: 'no quarter issued yet' };
  return {
    title: 'Intervention',
    figures: [
      inLatest('Routine (level 0)', [0], 'good'),
      inLatest('Monitoring or recovery plan (levels 1–2)', [1, 2], 'caution'),
      inLatest('Directions or Board action (levels 3–5)', [3, 4, 5], 'adverse'),
      {
        label: 'Not yet issued',
        value: String(latest ? latest.notIssued : ccgs),
        detail: latest ? `of ${ccgs} CCGs in ${latest.quarter}` : `of ${ccgs} CCGs`,
        tone: 'neutral',
      },
      { label: 'Proposed, awaiting review', value: String(sum(rows, (r) => r.awaitingReview)), detail: 'quarterly levels', tone: 'neutral' },
    ],
    ...(rows.some((r) => r.issued > 0)
      ? {
          chart: {
            caption: 'CCGs at each intervention level, per quarter',
            categories: rows.map((r) => r.quarter),
            series: LEVELS.map((l) => ({ label: `Level ${l}`, tone: levelTone(l), values: rows.map((r) => r.levels[String(l)] ?? 0) })),
          },
        }
      : {}),
  };
}

/** The family's `nationalPicture`: the ladder over the CCGs of the filter. */
export async function nationalPicture(filter: NationalFilter, db: PrismaService): Promise<NationalPicture> {
  const ccgs = await ccgsInScope(filter, db);
  const { quarters } = await readLevelsByQuarter(db, { codes: ccgs.map((c) => c.odsCode) });
  return interventionPicture(ccgs.length, quarters);
}
