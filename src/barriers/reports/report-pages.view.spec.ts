import { reportPagesView } from './report-pages.view.js';

describe('the console’s barrier reports page', () => {
  it('lists quarters latest first, the financial years they fall in, and links to each printable and CSV version', () => {
    const view = reportPagesView([
      { quarter: '2013-Q3', issued: 9, inLetter: 4, awaitingReview: 0 },
      { quarter: '2013-Q4', issued: 2, inLetter: 1, awaitingReview: 3 },
      { quarter: '2014-Q1', issued: 1, inLetter: 0, awaitingReview: 0 },
    ]);
    expect(view.quarters.map((q) => q.quarter)).toEqual(['2014-Q1', '2013-Q4', '2013-Q3']);
    expect(view.years.map((y) => y.year)).toEqual(['2014/15', '2013/14']);
    expect(view.quarters[2]).toMatchObject({
      html: '/console/barrier-reports/quarterly?quarter=2013-Q3&format=html',
      csv: '/console/barrier-reports/quarterly?quarter=2013-Q3&format=csv',
      api: '/api/v1/barriers/reports/quarterly?quarter=2013-Q3',
    });
    expect(view.years[1].html).toBe('/console/barrier-reports/annual?year=2013%2F14&format=html');
  });
});
