import { qualityPremiumPicture, type IssuedYear } from './quality-premium.national.js';

const year = (period: string, issued: number, atNothing: number, paidPence: number, potPence: number): IssuedYear => ({
  period,
  issued,
  atNothing,
  paidPence,
  potPence,
});

describe('the Quality Premium picture', () => {
  it('gives paid against the pot, CCGs at nothing and what awaits review for the latest year with decisions', () => {
    const picture = qualityPremiumPicture(
      [year('2013/14', 3, 1, 45_000_000, 60_000_000), year('2012/13', 1, 0, 100, 100)],
      [
        { period: '2013/14', count: 2 },
        { period: '2012/13', count: 9 },
      ],
    );
    expect(picture.figures.map((f) => [f.label, f.value, f.detail, f.tone])).toEqual([
      ['Paid for 2013/14', '£450,000', 'of a £600,000 pot (75%)', 'good'],
      ['CCGs at nothing', '1', 'of 3 issued for 2013/14', 'adverse'],
      ['Proposed, awaiting review', '2', 'for 2013/14', 'neutral'],
    ]);
    expect(picture.chart).toEqual({
      caption: 'Quality Premium decisions by scheme year',
      categories: ['2012/13', '2013/14'],
      series: [
        { label: 'Paid something', tone: 'good', values: [1, 2] },
        { label: 'Paid nothing', tone: 'adverse', values: [0, 1] },
        { label: 'Awaiting review', tone: 'neutral', values: [9, 2] },
      ],
    });
  });

  it('takes a year with proposals only as the latest: nothing paid yet against no pot', () => {
    const picture = qualityPremiumPicture([year('2013/14', 2, 0, 10_000, 20_000)], [{ period: '2014/15', count: 4 }]);
    expect(picture.figures.map((f) => f.value)).toEqual(['£0', '0', '4']);
    expect(picture.figures[0].detail).toBe('of a £0 pot (–)');
    expect(picture.figures[1].tone).toBe('neutral');
  });

  it('says when there is nothing yet', () => {
    expect(qualityPremiumPicture([], [])).toEqual({
      title: 'Quality Premium',
      figures: [{ label: 'Paid', value: '£0', detail: 'no decisions yet', tone: 'neutral' }],
    });
  });
});
