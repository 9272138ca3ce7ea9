import { parse } from 'csv-parse/sync';
import {
  annualReport,
  annualReportCsv,
  quarterlyLetter,
  quarterlyLetterCsv,
  type Answer,
  type EscalationRecord,
  type YearBarrier,
} from './barrier-reports.js';

function record(
  ref: string,
  over: Partial<EscalationRecord> & { objective?: number; area?: string; ccgs?: number; answer?: Answer | null } = {},
): EscalationRecord {
  const { objective = 19, area = 'contracting-and-pricing', ccgs = 3, answer = null, ...rest } = over;
  const key = rest.outcomeKey ?? 'include-in-letter';
  return {
    subjectRef: ref,
    quarter: '2013-Q3',
    outcomeKey: key,
    inLetter: key === 'include-in-letter' || key === 'select-committee',
    selectCommittee: key === 'select-committee',
    overridden: false,
    decisionId: `decision-${ref}`,
    outcome: {
      asOf: '2013-12-31',
      subject: {
        kind: 'national-issue',
        ref,
        title: `Issue ${ref}`,
        owner: 'Director of Commissioning Development',
        responseDue: '2013-11-30',
        barriers: Array.from({ length: ccgs }, (_, i) => ({ ref: `${ref}-B${i}` })),
        ccgs: Array.from({ length: ccgs }, (_, i) => ({
          code: `${10 + i}X`,
          name: `NHS Report CCG ${i}`,
          region: i % 2 ? 'London' : 'North of England',
        })),
        regions: ccgs > 1 ? ['London', 'North of England'] : ['North of England'],
        objectives: [objective],
        primaryObjective: objective,
        actionArea: area,
        answer,
        rejectedBy: [],
        synthetic: false,
      },
      figures: { daysOverdue: 31, quartersUnresolved: 2 },
    },
    ...rest,
  };
}

describe('the quarterly letter', () => {
  const records = [
    record('NI-2013-0004', { objective: 14, area: 'information-sharing-technology' }),
    record('NI-2013-0001', { ccgs: 12 }),
    record('NI-2013-0002', { outcomeKey: 'answered' }),
    record('NI-2013-0003', { outcomeKey: 'chase-owner' }),
    record('NI-2013-0005', { outcomeKey: 'select-committee', ccgs: 2 }),
    record('NI-2013-0006', { quarter: '2013-Q2' }),
    record('BAR-2013-0009', { objective: 19, area: 'procurement', ccgs: 1 }),
  ];

  it('lists exactly the subjects escalated in the quarter, once each, by objective and action area', () => {
    const letter = quarterlyLetter('2013-Q3', records, new Map(), '2014-01-05');
    expect([...letter.subjects].sort()).toEqual(['BAR-2013-0009', 'NI-2013-0001', 'NI-2013-0004', 'NI-2013-0005']);
    expect(letter).toMatchObject({ count: 4, selectCommittee: 1, to: 'NHS Commissioning Board', copiedTo: 'Secretary of State for Health' });
    expect(letter.objectives.map((o) => [o.number, o.title, o.actionAreas.map((a) => [a.actionArea, a.entries.map((e) => e.ref)])])).toEqual([
      [14, 'Information and IT', [['information-sharing-technology', ['NI-2013-0004']]]],
      [
        19,
        'Financial incentives and pricing',
        [
          // The Select Committee's first, then the most widely raised.
          ['procurement', ['BAR-2013-0009']],
          ['contracting-and-pricing', ['NI-2013-0005', 'NI-2013-0001']],
        ],
      ],
    ]);
  });

  it('gives each its CCGs and the Board’s answer, or its absence, and an answer given since', () => {
    const answered = record('NI-2013-0007', {
      answer: { respondedOn: '2013-10-01', text: 'A tariff option for 2014/15.', nationalAction: null },
    });
    answered.outcome.subject.rejectedBy = ['10X', '11X', '12X'];
    const later = new Map([['NI-2013-0001', { respondedOn: '2014-02-01', text: 'Answered at last.', nationalAction: null }]]);
    const letter = quarterlyLetter('2013-Q3', [...records, answered], later, '2014-03-01');
    const entries = letter.objectives.flatMap((o) => o.actionAreas.flatMap((a) => a.entries));
    const byRef = new Map(entries.map((e) => [e.ref, e]));
    expect(byRef.get('NI-2013-0001')).toMatchObject({ answer: null, answeredSince: { respondedOn: '2014-02-01' }, ccgs: expect.any(Array) });
    expect(byRef.get('NI-2013-0001')!.ccgs).toHaveLength(12);
    expect(byRef.get('NI-2013-0007')).toMatchObject({ answer: { text: 'A tariff option for 2014/15.' }, answeredSince: null, rejectedBy: 3 });

    const rows = parse<Record<string, string>>(quarterlyLetterCsv(letter), { columns: true });
    expect(rows.map((r) => r.ref).sort()).toEqual([...letter.subjects].sort());
    expect(rows.find((r) => r.ref === 'NI-2013-0001')).toMatchObject({ boardAnswer: 'no answer yet', ccgCount: '12', answeredSinceOn: '2014-02-01' });
  });

  it('is empty for a quarter with nothing escalated, and keeps a formula out of a spreadsheet', () => {
    expect(quarterlyLetter('2014-Q1', records, new Map(), '2014-05-01')).toMatchObject({ count: 0, subjects: [], objectives: [] });
    const risky = record('NI-2013-0008');
    risky.outcome.subject.title = '=HYPERLINK("http://example.org")';
    const rows = parse<Record<string, string>>(quarterlyLetterCsv(quarterlyLetter('2013-Q3', [risky], new Map(), '2014-01-05')), { columns: true });
    expect(rows[0].title).toBe(`'=HYPERLINK("http://example.org")`);
  });
});

describe('the annual report', () => {
  const barrier = (ref: string, over: Partial<YearBarrier> = {}): YearBarrier => ({
    ref,
    objectives: [19],
    raisedOn: '2013-07-15',
    responseDue: '2013-11-30',
    firstAnsweredOn: null,
    synthetic: false,
    ...over,
  });

  it('counts per objective the raised, answered, overdue and escalated of the year, and each barrier once in all', () => {
    const barriers = [
      barrier('B1', { objectives: [13, 19] }),
      barrier('B2', { firstAnsweredOn: '2013-10-01' }),
      barrier('B3', { responseDue: '2014-06-30' }),
      barrier('B4', { objectives: [14], responseDue: null }),
      // Answered after the year: overdue at its end.
      barrier('B5', { objectives: [14], firstAnsweredOn: '2014-05-01' }),
      // Raised in the next year: not counted.
      barrier('B6', { raisedOn: '2014-04-02' }),
    ];
    const letter = record('NI-2013-0001', { outcomeKey: 'include-in-letter' });
    letter.outcome.subject.barriers = [{ ref: 'B1' }, { ref: 'B5' }];
    const committee = record('NI-2013-0002', { outcomeKey: 'select-committee', quarter: '2013-Q4' });
    committee.outcome.subject.barriers = [{ ref: 'B1' }];
    const nextYear = record('NI-2013-0003', { quarter: '2014-Q1' });
    nextYear.outcome.subject.barriers = [{ ref: 'B3' }];

    const report = annualReport('2013/14', barriers, [letter, committee, nextYear], '2015-01-01');
    expect(report).toMatchObject({ asOf: '2014-03-31', period: { from: '2013-04-01', to: '2014-03-31' } });
    expect(
      report.objectives.map(({ number, raised, answered, overdue, escalated, selectCommittee }) => [
        number,
        raised,
        answered,
        overdue,
        escalated,
        selectCommittee,
      ]),
    ).toEqual([
      [13, 1, 0, 1, 1, 1],
      [14, 2, 0, 1, 1, 0],
      [19, 3, 1, 1, 1, 1],
    ]);
    expect(report.totals).toEqual({ raised: 5, answered: 1, overdue: 2, escalated: 2, selectCommittee: 1 });
    expect(report.markedForSelectCommittee).toEqual([
      { ref: 'NI-2013-0002', title: 'Issue NI-2013-0002', quarters: ['2013-Q4'], ccgs: 3, answered: false },
    ]);

    const rows = parse<Record<string, string>>(annualReportCsv(report), { columns: true });
    expect(rows.map((r) => [r.objective, r.raised, r.escalated])).toEqual([
      ['13', '1', '1'],
      ['14', '2', '1'],
      ['19', '3', '1'],
      ['all', '5', '2'],
    ]);
  });

  it('counts a year not over at today', () => {
    const report = annualReport('2013/14', [barrier('B1', { responseDue: '2013-12-01' })], [], '2013-11-15');
    expect(report.asOf).toBe('2013-11-15');
    expect(report.totals).toMatchObject({ raised: 1, overdue: 0 });
  });
});
