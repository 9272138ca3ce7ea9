import { formatQualityPremiumSummary, summariseQualityPremium } from './summary.js';

describe('Quality Premium summary', () => {
  const s = summariseQualityPremium([
    { maximumPence: 100_000_000, payablePence: 87_500_000 },
    { maximumPence: 50_000_000, payablePence: 0 },
    { maximumPence: 50_000_000, payablePence: 12_500_000 },
  ]);

  it('adds up paid, zero, totals and the best share', () => {
    expect(s).toMatchObject({ ccgs: 3, paid: 2, zero: 1, maximumPence: 200_000_000, payablePence: 100_000_000, bestFraction: 0.875 });
    expect(s.bands.map((b) => b.count)).toEqual([1, 1, 0, 0, 1]);
  });

  it('prints the totals in millions beside the real outcome', () => {
    const text = formatQualityPremiumSummary(s);
    expect(text).toContain('£2.0m');
    expect(text).toContain('£1.0m');
    expect(text).toContain('50.0%');
    expect(text).toContain('£86.3m');
  });
});
