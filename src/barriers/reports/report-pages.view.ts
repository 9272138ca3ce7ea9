import { financialYearOf, quarterIndex } from '../../common/quarter.js';

export interface QuarterOnRecord {
  quarter: string;
  /** Issued escalations of the quarter, and those of them in its letter. */
  issued: number;
  inLetter: number;
  /** Assessments of the quarter still awaiting Board staff. */
  awaitingReview: number;
}

const link = (path: string, query: string) => ({ html: `${path}?${query}&format=html`, csv: `${path}?${query}&format=csv` });

/** The console's reports page: each quarter with escalations on record (latest first) and each
 *  financial year they fall in, each with its printable and CSV versions. */
export function reportPagesView(quarters: readonly QuarterOnRecord[]) {
  const sorted = [...quarters].sort((a, b) => quarterIndex(b.quarter) - quarterIndex(a.quarter));
  const years = [...new Set(sorted.map((q) => financialYearOf(q.quarter)))];
  return {
    title: 'Barrier reports',
    quarters: sorted.map((q) => ({
      ...q,
      ...link('/console/barrier-reports/quarterly', `quarter=${encodeURIComponent(q.quarter)}`),
      api: `/api/v1/barriers/reports/quarterly?quarter=${encodeURIComponent(q.quarter)}`,
    })),
    years: years.map((year) => ({
      year,
      ...link('/console/barrier-reports/annual', `year=${encodeURIComponent(year)}`),
      api: `/api/v1/barriers/reports/annual?year=${encodeURIComponent(year)}`,
    })),
  };
}
