import type { SimulationRunBody } from '../common/api-responses.js';
import { diffRuleSets } from '../rule-changes/rule-set-diff.js';
import { foldSimulation, type BaselineRow, type CandidateResult } from '../rule-changes/simulation.js';
import type { WhatIf } from '../rules/rule-family.js';
import type { RuleSetDocument } from '../rules/rule-set.schema.js';
import {
  diffView,
  figureMetas,
  formatDifference,
  formProblemsView,
  moneyBands,
  ROWS_PER_PAGE,
  ruleSetView,
  simulationPageView,
  totalInWords,
} from './simulation-view.js';

// A made-up family whose outcomes carry a level, pence paid and a count of conditions: one figure
// of each kind a family's whatIf can give.
type Outcome = { level: number; paid: number; conditions: number };
const whatIf: WhatIf<Outcome> = {
  figures: {
    level: { label: 'Level', total: 'level', of: (o) => o.level },
    paid: { label: 'Paid', total: 'sum', unit: 'pence', of: (o) => o.paid },
    conditions: { label: 'Conditions', total: 'sum', of: (o) => o.conditions },
  },
};

const keyOf = (o: Outcome) => `level-${o.level}`;
const baselineRow = (subject: string, outcome: Outcome, fired: string[]): BaselineRow => ({
  assessmentId: '00000000-0000-4000-8000-000000000001',
  subject,
  period: '2013-Q1',
  source: 'proposed',
  decisionId: '00000000-0000-4000-8000-000000000002',
  overridden: false,
  ruleSetHash: 'b'.repeat(64),
  key: keyOf(outcome),
  outcome,
  fired,
});
const judged = (outcome: Outcome, fired: string[]): CandidateResult => ({ key: keyOf(outcome), outcome, fired });

/** A run as the API returns it, around the real fold. */
function runOf(baseline: BaselineRow[], candidate: CandidateResult[]): SimulationRunBody {
  const result = foldSimulation(baseline, candidate, whatIf, ['r-ytd', 'r-new']);
  const { subjects, evaluated, changed, notEvaluable } = result.totals;
  return {
    id: '6f1c2f4e-98a1-4c55-9a53-2f0b1d3e4a5b',
    family: 'test',
    createdBy: 'test-board',
    createdAt: '2014-05-06T07:08:09.000Z',
    candidate: { hash: 'c'.repeat(64), id: 'test-2013', version: '1.1.0', title: 'Test rules', effective: { from: '2013-04-01' } },
    baselineHashes: ['b'.repeat(64)],
    periods: ['2013-Q1'],
    counts: { subjects, evaluated, changed, notEvaluable, ms: 1234 },
    totals: result.totals,
    rules: result.rules,
    rows: result.rows,
    links: { self: '/api/v1/rule-sets/simulations/x', csv: '/api/v1/rule-sets/simulations/x.csv' },
  };
}

// Alpha moves up a level and is newly paid nothing; Beta stays; Gamma cannot be judged; 04D (not
// in the register) is newly paid £2,500.50.
const run = runOf(
  [
    baselineRow('01A', { level: 0, paid: 1_000_000, conditions: 0 }, []),
    baselineRow('02B', { level: 1, paid: 500_000, conditions: 2 }, ['r-ytd']),
    baselineRow('03C', { level: 0, paid: 0, conditions: 0 }, []),
    baselineRow('04D', { level: 0, paid: 0, conditions: 0 }, ['r-old']),
  ],
  [
    judged({ level: 1, paid: 0, conditions: 1 }, ['r-ytd']),
    judged({ level: 1, paid: 500_000, conditions: 2 }, ['r-ytd']),
    { problems: ['facts.finance: required by the candidate'] },
    judged({ level: 0, paid: 250_050, conditions: 0 }, []),
  ],
);
const names = new Map([
  ['01A', 'NHS Alpha CCG'],
  ['02B', 'NHS Beta CCG'],
  ['03C', 'NHS Gamma CCG'],
]);
const noDiff = { none: 'nothing to compare with' };
const page = simulationPageView({ run, familyTitle: 'Test family', subjectKind: 'ccg', names, diff: noDiff });

describe('the run page', () => {
  it('reads each figure with its label and unit, in the family’s order', () => {
    expect(figureMetas(run)).toEqual([
      { name: 'level', label: 'Level', total: 'level' },
      { name: 'paid', label: 'Paid', total: 'sum', unit: 'pence' },
      { name: 'conditions', label: 'Conditions', total: 'sum' },
    ]);
  });

  it('says the totals in words: money in pounds, CCGs newly at nothing, CCGs per level', () => {
    expect(page.summary).toBe('4 CCG periods covered, 3 judged by the candidate, 2 changed, 1 the candidate could not judge (see the table)');
    expect(page.totals).toEqual([
      { label: 'Level', lines: ['Level 0: 2 CCGs before, 1 after (−1).', 'Level 1: 1 CCG before, 2 after (+1).'] },
      {
        label: 'Paid',
        lines: ['£15,000 before, £7,500.50 after: down £7,499.50.', 'CCGs at nothing: 1 before, 1 after; 1 CCG newly at nothing.'],
      },
      { label: 'Conditions', lines: ['2 before, 3 after: up 1.', 'CCGs at zero: 2 before, 1 after; none newly at zero.'] },
    ]);
    expect(page.keys).toEqual([
      { key: 'level-0', before: 2, after: 1, change: '−1' },
      { key: 'level-1', before: 1, after: 2, change: '+1' },
    ]);
  });

  it('charts before against after: per level, per band of money, and the other sums side by side', () => {
    const byId = Object.fromEntries(page.charts.map((c) => [c.id, c]));
    expect(Object.keys(byId)).toEqual(['chart-level', 'chart-paid', 'chart-totals']);
    expect(byId['chart-level'].table).toEqual({
      heading: 'Level',
      columns: ['Before', 'After'],
      rows: [
        { category: 'Level 0', values: [2, 1] },
        { category: 'Level 1', values: [1, 2] },
      ],
    });
    // Bands of £2,500 up to £10,000 (the round top above the largest, £10,000).
    expect(byId['chart-paid'].table.rows).toEqual([
      { category: 'Nothing', values: [1, 1] },
      { category: 'Up to £2,500', values: [0, 0] },
      { category: '£2,500 to £5,000', values: [1, 2] },
      { category: '£5,000 to £7,500', values: [0, 0] },
      { category: '£7,500 to £10,000', values: [1, 0] },
    ]);
    expect(byId['chart-totals'].table.rows).toEqual([{ category: 'Conditions', values: [2, 3] }]);
    // Every bar is described in words for a screen reader, and the SVG has no inline style.
    expect(byId['chart-level'].desc).toBe('Level 0: Before 2, After 1; Level 1: Before 1, After 2.');
    expect(byId['chart-level'].legend.map((l) => l.label)).toEqual(['Before', 'After']);
  });

  it('counts each rule before and after, marking a rule the candidate no longer has', () => {
    expect(page.rules).toEqual([
      { rule: 'r-ytd', before: 1, after: 2, inCandidate: true, change: '+1', moved: true },
      { rule: 'r-new', before: 0, after: 0, inCandidate: true, change: '0', moved: false },
      { rule: 'r-old', before: 1, after: 0, inCandidate: false, change: '−1', moved: true },
    ]);
  });

  it('lists changed rows first, then those not judged, then the rest; each with its differing figures', () => {
    expect(page.rows.map((r) => [r.subject, r.name, r.status])).toEqual([
      ['04D', '04D', 'Changed'],
      ['01A', 'NHS Alpha CCG', 'Changed'],
      ['03C', 'NHS Gamma CCG', 'Not judged'],
      ['02B', 'NHS Beta CCG', 'No change'],
    ]);
    expect(page.rows[1]).toMatchObject({
      baseline: { key: 'level-0', figures: 'Level: 0, Paid: £10,000, Conditions: 0', source: 'proposed' },
      candidate: { key: 'level-1', figures: 'Level: 1, Paid: £0, Conditions: 1' },
      difference: 'Level +1, Paid −£10,000, Conditions +1',
      nowFiring: ['r-ytd'],
      noLongerFiring: [],
    });
    // Only the headline figure and what differs.
    expect(page.rows[0]).toMatchObject({ baseline: { figures: 'Level: 0, Paid: £0' }, difference: 'Paid +£2,500.50', noLongerFiring: ['r-old'] });
    expect(page.rows[2]).toMatchObject({ candidate: null, problems: ['facts.finance: required by the candidate'], difference: '' });
    expect(page.rows[3]).toMatchObject({ difference: '', baseline: { figures: 'Level: 1' } });
    expect(page.paging).toMatchObject({ pages: 1, nav: false, showing: 'Showing 1 to 4 of 4' });
    expect(page.csv).toBe(`/console/rules/simulations/${run.id}/rows.csv`);
    expect(page.Noun).toBe('CCG');
  });

  it(`pages ${ROWS_PER_PAGE} rows at a time, changed first, and lists the changed alone`, () => {
    const many = Array.from({ length: ROWS_PER_PAGE }, (_, i) =>
      baselineRow(`S${String(i).padStart(3, '0')}`, { level: 0, paid: 0, conditions: 0 }, []),
    );
    const big = runOf(
      [...many, baselineRow('ZZZ', { level: 0, paid: 0, conditions: 0 }, [])],
      [...many.map(() => judged({ level: 0, paid: 0, conditions: 0 }, [])), judged({ level: 2, paid: 0, conditions: 0 }, [])],
    );
    const input = { run: big, familyTitle: 'Test family', subjectKind: 'reference' as const, names: new Map<string, string>(), diff: noDiff };
    const first = simulationPageView(input);
    expect(first.rows).toHaveLength(ROWS_PER_PAGE);
    expect(first.rows[0]).toMatchObject({ subject: 'ZZZ', changed: true });
    expect(first.paging).toMatchObject({ page: 1, pages: 2, showing: `Showing 1 to 200 of 201` });
    expect(first.paging.next).toEqual({ href: `/console/rules/simulations/${big.id}?page=2#rows`, label: 'Page 2 of 2' });
    expect(first.rowChoices).toEqual([
      { label: 'All (201)', href: `/console/rules/simulations/${big.id}#rows`, current: true },
      { label: 'Changed only (1)', href: `/console/rules/simulations/${big.id}?rows=changed#rows`, current: false },
    ]);
    const second = simulationPageView({ ...input, query: { rows: 'all', page: 2 } });
    expect(second.rows.map((r) => r.subject)).toEqual(['S199']);
    expect(second.paging.prev?.href).toBe(`/console/rules/simulations/${big.id}#rows`);
    const changed = simulationPageView({ ...input, query: { rows: 'changed', page: 1 } });
    expect(changed.rows.map((r) => r.subject)).toEqual(['ZZZ']);
    expect(changed.paging).toMatchObject({ pages: 1, nav: false });
    expect(simulationPageView({ ...input, query: { rows: 'changed', page: 3 } }).paging.beyond).toEqual({
      href: `/console/rules/simulations/${big.id}?rows=changed#rows`,
      label: 'There is no page 3: the last is page 1.',
    });
    expect(first.noun).toBe('subject');
  });
});

describe('figures and bands', () => {
  it('signs differences with a typographic minus, money in pounds', () => {
    expect(formatDifference({ unit: 'pence' }, -2_187_500_000)).toBe('−£21,875,000');
    expect(formatDifference({ unit: 'pence' }, 150)).toBe('+£1.50');
    expect(formatDifference({}, 0)).toBe('0');
    expect(formatDifference({}, null)).toBe('–');
  });

  it('bands money as nothing and four equal bands, the top one taking the largest', () => {
    expect(moneyBands([0, 0]).map((b) => b.label)).toEqual(['Nothing']);
    const bands = moneyBands([100_000_000, 75_000_000]);
    expect(bands.map((b) => b.label)).toEqual([
      'Nothing',
      'Up to £250,000',
      '£250,000 to £500,000',
      '£500,000 to £750,000',
      '£750,000 to £1,000,000',
    ]);
    expect(bands.findIndex((b) => b.test(75_000_000))).toBe(3);
    expect(bands.findIndex((b) => b.test(100_000_000))).toBe(4);
  });

  it('a sum with a level figure too: totals of a family without money', () => {
    const level = run.totals.figures.level;
    expect(totalInWords({ name: 'level', label: 'Level', total: 'level' }, level, 'subject')).toEqual([
      'Level 0: 2 subjects before, 1 after (−1).',
      'Level 1: 1 subject before, 2 after (+1).',
    ]);
  });
});

describe('the rule-set diff beside the run', () => {
  const rule = (name: string, value: number, citation = 'mandate §5.7') => ({
    name,
    conditions: { all: [{ fact: 'finance.ytdVariancePct', operator: 'lessThan', value }] },
    event: { type: 'trigger', params: { citation, reason: 'a deficit', level: 1 } },
  });
  const doc = (version: string, rules: RuleSetDocument['rules']): RuleSetDocument => ({
    family: 'test',
    id: 'test-2013',
    version,
    title: 'Test rules',
    effective: { from: '2013-04-01' },
    source: 'a test',
    parameters: { base: { rate: 5 } },
    rules,
  });

  it('shows thresholds and params side by side with the citation, and rules added', () => {
    const from = doc('1.0.0', [rule('ytd', -0.5), rule('gone', 1)]);
    const to = doc('1.1.0', [rule('ytd', -0.3, 'mandate §5.8'), rule('new', 2)]);
    const view = diffView(
      diffRuleSets({ hash: 'a'.repeat(64), kind: 'stored', document: from }, { hash: 'c'.repeat(64), kind: 'candidate', document: to }),
    );
    expect(view.summary).toBe('1 rule added, 1 removed, 1 changed, 0 unchanged');
    expect(view.from).toMatchObject({ name: 'test-2013 1.0.0', what: 'stored version', short: 'a'.repeat(12) });
    expect(view.to).toMatchObject({ name: 'test-2013 1.1.0', what: 'the candidate' });
    expect(view.changed).toEqual([
      expect.objectContaining({
        name: 'ytd',
        citation: { from: 'mandate §5.7', to: 'mandate §5.8' },
        citationChanged: true,
        thresholds: [expect.objectContaining({ fact: 'finance.ytdVariancePct', operator: 'lessThan', from: '-0.5', to: '-0.3' })],
      }),
    ]);
    expect(view.added).toEqual([
      expect.objectContaining({ name: 'new', conditions: ['finance.ytdVariancePct lessThan 2'], params: [{ name: 'level', value: '1' }] }),
    ]);
    expect(view.removed.map((r) => r.name)).toEqual(['gone']);
    expect(view.header).toEqual([{ path: '/version', from: '"1.0.0"', to: '"1.1.0"' }]);
  });

  it('summarises a stored version: parameters by pointer, each rule with conditions and citation', () => {
    const view = ruleSetView(doc('1.0.0', [rule('ytd', -0.5)]), 'a'.repeat(64));
    expect(view.parameters).toEqual([{ path: '/parameters/base/rate', value: '5' }]);
    expect(view.rules).toEqual([
      {
        name: 'ytd',
        pointer: '/rules/0',
        event: 'trigger',
        citation: 'mandate §5.7',
        reason: 'a deficit',
        conditions: ['finance.ytdVariancePct lessThan -0.5'],
        params: [{ name: 'level', value: '1' }],
      },
    ]);
    expect(view.effective).toBe('from 2013-04-01, open-ended');
  });
});

describe('the what-if form’s problems', () => {
  it('names a candidate’s problem by its JSON pointer and links it to the control it came in', () => {
    const view = formProblemsView(
      [
        { field: '/rules/3/conditions/all/0/operator', message: 'unknown operator' },
        { field: '(candidate)', message: 'not valid JSON' },
        { field: 'periods.from', message: 'expected a quarter' },
        { field: 'periods.to', message: 'ends before periods.from' },
        { field: '/rules/0/priority', message: 'Invalid input: expected number, received string' },
      ],
      'text',
    );
    expect(view.summary).toEqual([
      { href: '#candidate-text', pointer: '/rules/3/conditions/all/0/operator', message: 'unknown operator' },
      { href: '#candidate-text', pointer: '(the whole rule set)', message: 'not valid JSON' },
      { href: '#period-from', pointer: '', message: 'Enter the first period as a quarter' },
      { href: '#period-to', pointer: '', message: 'The last period must not be before the first' },
      { href: '#candidate-text', pointer: '/rules/0/priority', message: 'This must be a number, not text' },
    ]);
    expect(view.errors).toEqual({
      candidateText: '/rules/3/conditions/all/0/operator: unknown operator',
      periodFrom: 'Enter the first period as a quarter',
      periodTo: 'The last period must not be before the first',
    });
    // A period given twice (a crafted form) says so in words.
    expect(formProblemsView([{ field: 'periods.from', message: 'Invalid input: expected string, received array' }], 'file').errors).toEqual({
      periodFrom: 'Enter the first period only once',
    });
    expect(formProblemsView([{ field: '/family', message: 'no rule family' }], 'file').summary[0].href).toBe('#candidate-file');
    expect(formProblemsView([{ field: 'candidateText', message: 'too long' }], 'file').errors).toEqual({ candidateText: 'too long' });
  });
});
