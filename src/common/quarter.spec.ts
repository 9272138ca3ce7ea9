import { financialYearDates, financialYearSchema, quarterEnd, quarterOf, quarterStart } from './quarter.js';

describe('quarters of the financial year', () => {
  it('ends each quarter on its last day, Q4 in the next calendar year', () => {
    expect(['2013-Q1', '2013-Q2', '2013-Q3', '2013-Q4'].map(quarterEnd)).toEqual(['2013-06-30', '2013-09-30', '2013-12-31', '2014-03-31']);
    expect(quarterStart('2013-Q4')).toBe('2014-01-01');
  });

  it('places a date in its quarter', () => {
    expect(['2013-04-01', '2013-06-30', '2013-07-01', '2013-12-31', '2014-01-01', '2014-03-31'].map(quarterOf)).toEqual([
      '2013-Q1',
      '2013-Q1',
      '2013-Q2',
      '2013-Q3',
      '2013-Q4',
      '2013-Q4',
    ]);
  });

  it('reads a financial year, and refuses one whose years do not follow', () => {
    expect(financialYearDates('2013/14')).toEqual({ from: '2013-04-01', to: '2014-03-31' });
    expect(financialYearSchema.safeParse('2013/14').success).toBe(true);
    expect(financialYearSchema.safeParse('1999/00').success).toBe(true);
    expect(financialYearSchema.safeParse('2013/15').success).toBe(false);
    expect(financialYearSchema.safeParse('2013-14').success).toBe(false);
  });
});
