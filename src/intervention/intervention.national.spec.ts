import { interventionPicture, levelsByQuarter, levelTone } from './intervention.national.js';

describe('levels by quarter', () => {
  it('counts CCGs per level per quarter, oldest first, beside what awaits review and what is not issued', () => {
    const rows = levelsByQuarter(
      [
        { quarter: '2013-Q2', level: 0, count: 3 },
        { quarter: '2013-Q2', level: 3, count: 1 },
        { quarter: '2013-Q1', level: 1, count: 2 },
      ],
      [{ quarter: '2013-Q3', count: 5 }],
      10,
    );
    expect(rows.map((r) => r.quarter)).toEqual(['2013-Q1', '2013-Q2', '2013-Q3']);
    expect(rows[1]).toEqual({ quarter: '2013-Q2', levels: { 0: 3, 1: 0, 2: 0, 3: 1, 4: 0, 5: 0 }, issued: 4, awaitingReview: 0, notIssued: 6 });
    expect(rows[2]).toMatchObject({ issued: 0, awaitingReview: 5, notIssued: 10 });
  });

  it('keeps a quarter asked for that has nothing recorded', () => {
    expect(levelsByQuarter([], [], 211, '2014-Q1')).toEqual([
      { quarter: '2014-Q1', levels: { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, issued: 0, awaitingReview: 0, notIssued: 211 },
    ]);
  });
});

describe('the intervention picture', () => {
  const rows = levelsByQuarter(
    [
      { quarter: '2013-Q1', level: 0, count: 5 },
      { quarter: '2013-Q2', level: 0, count: 4 },
      { quarter: '2013-Q2', level: 2, count: 1 },
      { quarter: '2013-Q2', level: 4, count: 2 },
    ],
    [{ quarter: '2013-Q3', count: 3 }],
    8,
  );

  it('gives the latest quarter with levels issued, grouped as the ladder reads, and what awaits review', () => {
    const picture = interventionPicture(8, rows);
    expect(picture.figures.map((f) => [f.label, f.value, f.detail])).toEqual([
      ['Routine (level 0)', '4', 'in 2013-Q2'],
      ['Monitoring or recovery plan (levels 1–2)', '1', 'in 2013-Q2'],
      ['Directions or Board action (levels 3–5)', '2', 'in 2013-Q2'],
      ['Not yet issued', '1', 'of 8 CCGs in 2013-Q2'],
      ['Proposed, awaiting review', '3', 'quarterly levels'],
    ]);
  });

  it('charts CCGs at each level per quarter, each level coloured by what it means', () => {
    const chart = interventionPicture(8, rows).chart!;
    expect(chart.categories).toEqual(['2013-Q1', '2013-Q2', '2013-Q3']);
    expect(chart.series.map((s) => `${s.label}:${s.tone}:${s.values.join(',')}`)).toEqual([
      'Level 0:good:5,4,0',
      'Level 1:caution:0,0,0',
      'Level 2:caution:0,1,0',
      'Level 3:concern:0,0,0',
      'Level 4:adverse:0,2,0',
      'Level 5:adverse:0,0,0',
    ]);
  });

  it('says when nothing has been issued, and draws no chart', () => {
    const picture = interventionPicture(211, []);
    expect(picture.chart).toBeUndefined();
    expect(picture.figures[0]).toMatchObject({ value: '0', detail: 'no quarter issued yet' });
    expect(picture.figures[3]).toMatchObject({ value: '211', detail: 'of 211 CCGs' });
  });

  it('colours level 0 good up to level 5 adverse', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(levelTone)).toEqual(['good', 'caution', 'caution', 'concern', 'adverse', 'adverse', 'neutral']);
  });
});
