import { DomainError } from '../common/domain-error.js';
import {
  ageInWords,
  barChartView,
  filterChoices,
  niceScale,
  parseNationalFilter,
  pictureView,
  scopeInWords,
  seriesChart,
  type RegisterEntry,
} from './national-view.js';

const register: RegisterEntry[] = [
  { odsCode: '02N', name: 'NHS Airedale CCG', regionName: 'North of England', areaTeamName: 'West Yorkshire' },
  { odsCode: '02R', name: 'NHS Bradford CCG', regionName: 'North of England', areaTeamName: 'West Yorkshire' },
  { odsCode: '00C', name: 'NHS Darlington CCG', regionName: 'North of England', areaTeamName: 'Durham, Darlington and Tees' },
  { odsCode: '07L', name: 'NHS Barking CCG', regionName: 'London', areaTeamName: 'London' },
];

function refusal(query: Record<string, unknown>): { status: number; fields: string[]; message: string } {
  try {
    parseNationalFilter(query, register);
  } catch (error) {
    if (error instanceof DomainError) return { status: error.status, fields: error.issues.map((i) => i.field), message: error.message };
    throw error;
  }
  throw new Error('accepted');
}

describe('the national filter', () => {
  it('takes a region and an area team of the register, in its spelling, and blanks as no filter', () => {
    expect(parseNationalFilter({}, register)).toEqual({});
    expect(parseNationalFilter({ region: '', areaTeam: '' }, register)).toEqual({});
    expect(parseNationalFilter({ region: 'north of england' }, register)).toEqual({ region: 'North of England' });
    expect(parseNationalFilter({ region: 'North of England', areaTeam: 'West Yorkshire' }, register)).toEqual({
      region: 'North of England',
      areaTeam: 'West Yorkshire',
    });
  });

  it('refuses with 400 naming the field: an unknown name, a repeated field, an area team of another region', () => {
    expect(refusal({ region: 'Atlantis' })).toMatchObject({ status: 400, fields: ['query.region'], message: expect.stringContaining('Atlantis') });
    expect(refusal({ areaTeam: 'Nowhere' })).toMatchObject({ status: 400, fields: ['query.areaTeam'] });
    expect(refusal({ region: ['London', 'London'] })).toMatchObject({ status: 400, fields: ['query.region'] });
    expect(refusal({ region: 'London', areaTeam: 'West Yorkshire' })).toMatchObject({
      status: 400,
      fields: ['query.areaTeam'],
      message: expect.stringContaining('West Yorkshire is in North of England, not London'),
    });
  });

  it('offers regions, and area teams under their region, with counts and the choice made', () => {
    const choices = filterChoices(register, { region: 'London' });
    expect(choices.regions).toEqual([
      { value: 'London', label: 'London (1)', selected: true },
      { value: 'North of England', label: 'North of England (3)', selected: false },
    ]);
    expect(choices.areaTeams[1]).toEqual({
      region: 'North of England',
      options: [
        { value: 'Durham, Darlington and Tees', label: 'Durham, Darlington and Tees (1)', selected: false },
        { value: 'West Yorkshire', label: 'West Yorkshire (2)', selected: false },
      ],
    });
    expect(choices.filtered).toBe(true);
    expect(filterChoices(register, {}).filtered).toBe(false);
  });

  it('says what the page covers', () => {
    expect(scopeInWords({}, 211)).toBe('England: all 211 CCGs of the register');
    expect(scopeInWords({ region: 'London' }, 32)).toBe('London: 32 CCGs');
    expect(scopeInWords({ areaTeam: 'West Yorkshire' }, 1)).toBe('West Yorkshire area team: 1 CCG');
  });
});

describe('ages', () => {
  const now = new Date('2013-06-30T12:00:00Z');
  it.each([
    ['2013-06-30T11:59:30Z', 'under a minute'],
    ['2013-06-30T11:59:00Z', '1 minute'],
    ['2013-06-30T09:00:00Z', '3 hours'],
    ['2013-06-28T13:00:00Z', '47 hours'],
    ['2013-06-20T12:00:00Z', '10 days'],
    ['2013-07-01T12:00:00Z', 'under a minute'],
  ])('%s is %s old', (at, words) => expect(ageInWords(new Date(at), now)).toBe(words));
});

describe('bar charts', () => {
  it('rounds the value axis to 1, 2 or 5 times a power of ten', () => {
    expect(niceScale(0)).toEqual({ top: 1, step: 1 });
    expect(niceScale(5)).toEqual({ top: 5, step: 1 });
    expect(niceScale(7)).toEqual({ top: 8, step: 2 });
    expect(niceScale(211)).toEqual({ top: 250, step: 50 });
    expect(niceScale(0.4)).toEqual({ top: 0.4, step: 0.1 });
  });

  const chart = barChartView({
    id: 'c',
    caption: 'CCGs at each level',
    categories: ['2013-Q1', '2013-Q2'],
    series: [
      { label: 'Level 0', tone: 'good', values: [8, 6] },
      { label: 'Level 1', tone: 'caution', values: [2, 3] },
      { label: 'Level 2', tone: 'caution', values: [0, 1] },
    ],
  });

  it('draws bars in proportion on one baseline, coloured by tone, with neighbours of one tone shaded apart', () => {
    expect(chart.bars).toHaveLength(6);
    const [q1l0, q1l1, q1l2] = chart.bars;
    expect(q1l0.y + q1l0.height).toBeCloseTo(chart.baseline.y, 0);
    expect(q1l1.y + q1l1.height).toBeCloseTo(chart.baseline.y, 0);
    expect(q1l0.height / q1l1.height).toBeCloseTo(4, 1);
    expect(q1l2.height).toBe(0);
    expect(chart.bars.map((b) => b.cls)).toEqual([
      'console-bar console-bar--good',
      'console-bar console-bar--caution',
      'console-bar console-bar--caution console-bar--alt',
      'console-bar console-bar--good',
      'console-bar console-bar--caution',
      'console-bar console-bar--caution console-bar--alt',
    ]);
    // Bars of a group side by side, groups in category order, all inside the drawing.
    expect(q1l0.x).toBeLessThan(q1l1.x);
    expect(chart.bars[3].x).toBeGreaterThan(q1l2.x + q1l2.width);
    for (const b of chart.bars) expect(b.x + b.width).toBeLessThanOrEqual(chart.width);
  });

  it('says the numbers in words and in a table, with a legend for several series', () => {
    expect(chart.desc).toBe('2013-Q1: Level 0 8, Level 1 2, Level 2 0; 2013-Q2: Level 0 6, Level 1 3, Level 2 1.');
    expect(chart.table).toEqual({
      heading: 'Category',
      columns: ['Level 0', 'Level 1', 'Level 2'],
      rows: [
        { category: '2013-Q1', values: [8, 2, 0] },
        { category: '2013-Q2', values: [6, 3, 1] },
      ],
    });
    expect(chart.legend.map((l) => l.label)).toEqual(['Level 0', 'Level 1', 'Level 2']);
    expect(chart.ticks.map((t) => t.label)).toEqual([0, 2, 4, 6, 8]);
  });

  it('labels at most twelve categories under the axis', () => {
    const many = barChartView({
      id: 'm',
      caption: 'x',
      categories: Array.from({ length: 30 }, (_, i) => `Q${i}`),
      series: [{ label: 'n', values: [] }],
    });
    expect(many.categoryLabels.length).toBeLessThanOrEqual(12);
    expect(many.table.rows).toHaveLength(30);
  });

  it("draws a CCG's series with each bar in its own point's tone, up to the points' maximum", () => {
    const levels = seriesChart('s', 'Intervention', {
      name: 'level',
      points: [
        { label: '2013-Q1', value: 0, max: 5, tone: 'good' },
        { label: '2013-Q2', value: 3, max: 5, tone: 'concern' },
        { label: '2013-Q3', value: 5, max: 5, tone: 'adverse' },
      ],
    });
    expect(levels.caption).toBe('Intervention: level by period');
    expect(levels.bars.map((b) => b.cls)).toEqual([
      'console-bar console-bar--good',
      'console-bar console-bar--concern',
      'console-bar console-bar--adverse',
    ]);
    expect(levels.ticks.map((t) => t.label)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(levels.bars[2].y).toBeCloseTo(levels.ticks[5].y, 0);
    // Level 0 is drawn low, so its colour shows.
    expect(levels.bars[0].height).toBeGreaterThan(0);
    expect(levels.bars[0].height).toBeLessThan(levels.bars[1].height / 4);
    expect(levels.legend).toEqual([]);
    expect(levels.table).toMatchObject({ heading: 'Period', columns: ['Level'] });
  });
});

describe('a family picture on the page', () => {
  it('gives each figure a tone and lays out its chart, or none without categories', () => {
    const view = pictureView(
      {
        title: 'X',
        figures: [{ label: 'a', value: '1' }],
        chart: { caption: 'c', categories: [], series: [] },
      },
      2,
    );
    expect(view).toEqual({ id: 'picture-2', title: 'X', figures: [{ label: 'a', value: '1', tone: 'neutral' }], chart: undefined, lists: [] });
  });
});
