import { dateInWords, money, monthInWords, number, percent, percentDifference, pounds, wholePounds } from './format.js';

describe('figures as a reader reads them', () => {
  it('writes money from pence: pounds and pence, whole pounds, and pence only when there are some', () => {
    expect(money(25_000_050)).toBe('£250,000.50');
    expect(money(0)).toBe('£0.00');
    expect(money(-1)).toBe('-£0.01');
    expect(wholePounds(1_234_567_899)).toBe('£12,345,679');
    expect(wholePounds(0)).toBe('£0');
    expect(pounds(100_000_000)).toBe('£1,000,000');
    expect(pounds(100_050)).toBe('£1,000.50');
  });

  it('writes numbers with thousands separators and no float noise', () => {
    expect(number(250_000)).toBe('250,000');
    expect(number(1.30000001)).toBe('1.3');
  });

  it('writes dates and months in words, in UTC', () => {
    expect(dateInWords('2013-06-30')).toBe('30 June 2013');
    expect(dateInWords(new Date('2014-03-31T23:30:00Z'))).toBe('31 March 2014');
    expect(dateInWords('not a date')).toBe('not a date');
    expect(monthInWords(new Date(Date.UTC(2013, 5, 1)))).toBe('June 2013');
  });

  it('writes shares closed up, to at most the digits asked, without trailing zeros', () => {
    expect(percent(0.123)).toBe('12.3%');
    expect(percent(1 / 3)).toBe('33.3333%');
    expect(percent(2 / 3)).toBe('66.6667%');
    expect(percent(0.75, 1)).toBe('75%');
    expect(percent(0.4567, 1)).toBe('45.7%');
    expect(percent(0)).toBe('0%');
    expect(percent(1)).toBe('100%');
  });

  it('prints a difference of shares as the difference of the printed shares', () => {
    const printed = (s: string) => Math.round(Number(s.replace('%', '')) * 10_000);
    const max = 30_000_000;
    const amounts = [0, 1, 10_000_000, 10_000_001, 19_999_999, 20_000_000, 20_000_001, 29_999_999, max];
    for (const before of amounts) {
      for (const after of amounts) {
        const [a, b] = [after / max, before / max];
        expect(printed(percent(b)) + printed(percentDifference(a, b))).toBe(printed(percent(a)));
      }
    }
    expect(percentDifference(20_000_001 / max, 1 / 3)).toBe('33.3334%');
    expect(percentDifference(0, 1 / 3)).toBe('-33.3333%');
    expect(percentDifference(0.5, 0.5)).toBe('0%');
  });
});
