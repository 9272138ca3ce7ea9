import { number, percent, wholePounds } from '../common/format.js';
import type { PrismaService } from '../prisma/prisma.service.js';
import { ccgsInScope } from '../rules/national-scope.js';
import type { NationalFilter, NationalPicture } from '../rules/rule-family.js';

/** The family's id as quality-premium.family.ts declares it (that file imports this one). */
const FAMILY = 'quality-premium';

/** What was issued for one scheme year, summed in the database. */
export interface IssuedYear {
  period: string;
  /** Issued decisions, and those paying nothing. */
  issued: number;
  atNothing: number;
  paidPence: number;
  /** The sum of the issued CCGs' maximum amounts: the pot their payments are measured against. */
  potPence: number;
}

const share = (part: number, whole: number) => (whole > 0 ? percent(part / whole, 1) : '–');

/** Paid against the pot for the latest scheme year with decisions (issued or awaiting review),
 *  CCGs at nothing, what still awaits review; and CCGs by outcome for every year as a chart. */
export function qualityPremiumPicture(issued: IssuedYear[], awaiting: { period: string; count: number }[]): NationalPicture {
  // Financial years (`2013/14`) sort as text.
  const years = [...new Set([...issued.map((y) => y.period), ...awaiting.map((a) => a.period)])].sort();
  const year = years.at(-1);
  const title = 'Quality Premium';
  if (!year) {
    return { title, figures: [{ label: 'Paid', value: wholePounds(0), detail: 'no decisions yet', tone: 'neutral' }] };
  }
  const y = issued.find((i) => i.period === year) ?? { period: year, issued: 0, atNothing: 0, paidPence: 0, potPence: 0 };
  const waiting = awaiting.find((a) => a.period === year)?.count ?? 0;
  return {
    title,
    figures: [
      {
        label: `Paid for ${year}`,
        value: wholePounds(y.paidPence),
        detail: `of a ${wholePounds(y.potPence)} pot (${share(y.paidPence, y.potPence)})`,
        tone: 'good',
      },
      {
        label: 'CCGs at nothing',
        value: number(y.atNothing),
        detail: `of ${number(y.issued)} issued for ${year}`,
        tone: y.atNothing > 0 ? 'adverse' : 'neutral',
      },
      { label: 'Proposed, awaiting review', value: number(waiting), detail: `for ${year}`, tone: 'neutral' },
    ],
    chart: {
      caption: 'Quality Premium decisions by scheme year',
      categories: years,
      series: [
        { label: 'Paid something', tone: 'good', values: years.map((p) => issuedIn(issued, p, (i) => i.issued - i.atNothing)) },
        { label: 'Paid nothing', tone: 'adverse', values: years.map((p) => issuedIn(issued, p, (i) => i.atNothing)) },
        { label: 'Awaiting review', tone: 'neutral', values: years.map((p) => awaiting.find((a) => a.period === p)?.count ?? 0) },
      ],
    },
  };
}

const issuedIn = (issued: IssuedYear[], period: string, pick: (y: IssuedYear) => number) => {
  const y = issued.find((i) => i.period === period);
  return y ? pick(y) : 0;
};

/** Issued decisions per year over `codes`, summed from their issued outcomes in one query. */
async function readIssuedYears(db: PrismaService, codes: string[]): Promise<IssuedYear[]> {
  const rows = await db.$queryRaw<{ period: string; issued: number; at_nothing: number; paid: bigint; pot: bigint }[]>`
    SELECT a.period,
           count(*)::int AS issued,
           count(*) FILTER (WHERE (d.final_outcome->>'payablePence')::bigint = 0)::int AS at_nothing,
           coalesce(sum((d.final_outcome->>'payablePence')::bigint), 0)::bigint AS paid,
           coalesce(sum((d.final_outcome->>'maximumPence')::bigint), 0)::bigint AS pot
      FROM decisions d
      JOIN assessments a ON a.id = d.assessment_id
     WHERE d.status = 'issued' AND a.family = ${FAMILY} AND a.subject = ANY(${codes}::text[])
     GROUP BY a.period`;
  return rows.map((r) => ({ period: r.period, issued: r.issued, atNothing: r.at_nothing, paidPence: Number(r.paid), potPence: Number(r.pot) }));
}

/** The family's `nationalPicture`: payments over the CCGs of the filter. */
export async function nationalPicture(filter: NationalFilter, db: PrismaService): Promise<NationalPicture> {
  const codes = (await ccgsInScope(filter, db)).map((c) => c.odsCode);
  const [issued, awaiting] = await Promise.all([
    readIssuedYears(db, codes),
    db.assessment.groupBy({ by: ['period'], _count: { _all: true }, where: { family: FAMILY, status: 'awaiting_review', subject: { in: codes } } }),
  ]);
  return qualityPremiumPicture(
    issued,
    awaiting.map((a) => ({ period: a.period, count: a._count._all })),
  );
}
