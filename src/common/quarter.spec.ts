import {
  FIRST_QUARTER,
  LAST_QUARTER,
  financialYearDates,
  financialYearOf,
  financialYearSchema,
  nextQuarter,
  notBegunProblem,
  previousQuarter,
  quarterEnd,
  quarterFromIndex,
  quarterIndex,
  quarterOf,
  quarterRange,
  quarterSchema,
  quarterStart,
  quartersOfYear,
} from './quarter.js';

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
    expect(financialYearSchema.safeParse('2013/15').success).toBe(false);
    expect(financialYearSchema.safeParse('2013-14').success).toBe(false);
  });
});

describe('the range a request may name', () => {
  const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message) ?? [];

  it('accepts quarters from 2013-Q1, when CCGs began, to 2099-Q4', () => {
    expect([FIRST_QUARTER, LAST_QUARTER]).toEqual(['2013-Q1', '2099-Q4']);
    for (const q of ['2013-Q1', '2013-Q3', '2030-Q1', '2099-Q4']) expect(quarterSchema.safeParse(q).success).toBe(true);
  });

  it.each(['0000-Q1', '0001-Q1', '1900-Q1', '2012-Q4', '2100-Q1', '9999-Q3', '9999-Q4'])('refuses %s with one issue saying the range', (q) => {
    expect(messages(quarterSchema.safeParse(q))).toEqual(['expected a quarter from 2013-Q1 (CCGs began in April 2013) to 2099-Q4']);
  });

  it('still refuses a malformed quarter with one issue', () => {
    for (const q of ['2013-Q9', '13-Q1', '10000-Q1', '2013-Q1 ']) {
      expect(messages(quarterSchema.safeParse(q))).toEqual(['expected a quarter of the financial year like 2013-Q3 (Q1 = April to June)']);
    }
  });

  it('accepts financial years from 2013/14 to 2099/00', () => {
    for (const y of ['2013/14', '2030/31', '2099/00']) expect(financialYearSchema.safeParse(y).success).toBe(true);
  });

  it.each(['0000/01', '1999/00', '2012/13', '2100/01', '9999/00'])('refuses the financial year %s with one issue saying the range', (y) => {
    expect(messages(financialYearSchema.safeParse(y))).toEqual(['expected a financial year from 2013/14 (CCGs began in April 2013) to 2099/00']);
  });

  it('refuses years that do not follow, or a malformed year, with one issue', () => {
    expect(messages(financialYearSchema.safeParse('1900/05'))).toEqual(['expected a financial year like 2013/14 (two consecutive years)']);
    expect(messages(financialYearSchema.safeParse('2013/15'))).toEqual(['expected a financial year like 2013/14 (two consecutive years)']);
    expect(messages(financialYearSchema.safeParse('13/14'))).toEqual(['expected a financial year like 2013/14']);
  });
});

describe('the arithmetic at the edges', () => {
  it('pads the year to four digits and carries past 9999', () => {
    expect(previousQuarter('0001-Q1')).toBe('0000-Q4');
    expect(nextQuarter('0999-Q4')).toBe('1000-Q1');
    expect(nextQuarter('9999-Q3')).toBe('9999-Q4');
    expect(nextQuarter('9999-Q4')).toBe('10000-Q1');
    expect(quarterFromIndex(quarterIndex('0000-Q2'))).toBe('0000-Q2');
    expect(quarterRange('9999-Q3', 3)).toEqual(['9999-Q3', '9999-Q4', '10000-Q1']);
  });

  it('gives the days of the edge quarters and years without throwing', () => {
    expect(quarterEnd('9999-Q3')).toBe('9999-12-31');
    expect(quarterEnd('9999-Q4')).toBe('10000-03-31');
    expect(quarterStart('0000-Q1')).toBe('0000-04-01');
    expect(quarterEnd('0000-Q1')).toBe('0000-06-30');
    expect(financialYearDates('9999/00')).toEqual({ from: '9999-04-01', to: '10000-03-31' });
    expect(financialYearDates('0000/01')).toEqual({ from: '0000-04-01', to: '0001-03-31' });
    expect(financialYearOf('0000-Q1')).toBe('0000/01');
  });

  it('refuses an index before the first quarter with a RangeError, not a malformed quarter', () => {
    expect(() => previousQuarter('0000-Q1')).toThrow(RangeError);
  });

  it('is total over every quarter a request may name: each ends the day before the next begins', () => {
    const all = quarterRange(FIRST_QUARTER, quarterIndex(LAST_QUARTER) - quarterIndex(FIRST_QUARTER) + 1);
    expect(all.at(-1)).toBe(LAST_QUARTER);
    for (const q of all) {
      const dayAfterEnd = new Date(Date.parse(`${quarterEnd(q)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      expect(dayAfterEnd).toBe(quarterStart(nextQuarter(q)));
      expect(previousQuarter(nextQuarter(q))).toBe(q);
      expect(quartersOfYear(financialYearOf(q))).toContain(q);
      expect(quarterOf(quarterEnd(q))).toBe(q);
    }
  });

  it('says a quarter has not begun when it starts after today', () => {
    expect(notBegunProblem('2030-Q1', '2026-05-01')).toBe('2030-Q1 has not begun (today is 2026-05-01)');
    expect(notBegunProblem('2026-Q1', '2026-04-01')).toBeNull();
    expect(notBegunProblem('2013-Q1', '2026-05-01')).toBeNull();
  });
});
