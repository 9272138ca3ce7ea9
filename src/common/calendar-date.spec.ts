import { calendarDate } from './calendar-date.js';

describe('calendarDate', () => {
  it.each(['2013-04-01', '2016-02-29'])('takes %s', (d) => {
    expect(calendarDate().parse(d)).toBe(d);
  });

  it.each(['2013-02-30', '2015-02-29', '1 April 2013', '2013-4-1', ''])('refuses %p, saying what it wanted', (d) => {
    const parsed = calendarDate('the review date').safeParse(d);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('expected the review date as a real calendar date YYYY-MM-DD');
  });
});
