import type { WhatIf } from '../rules/rule-family.js';
import { foldSimulation, type BaselineRow, type CandidateResult } from './simulation.js';

// A made-up family whose outcomes carry pence paid and a level.
type Outcome = { paid: number; level: number };
const whatIf: WhatIf<Outcome> = {
  figures: {
    paid: { label: 'Paid', total: 'sum', unit: 'pence', of: (o) => o.paid },
    level: { label: 'Level', total: 'level', of: (o) => o.level },
  },
};

const row = (subject: string, outcome: Outcome, fired: string[], over: Partial<BaselineRow> = {}): BaselineRow => ({
  assessmentId: `00000000-0000-4000-8000-00000000000${subject.length}`,
  subject,
  period: '2013/14',
  source: 'proposed',
  decisionId: '00000000-0000-4000-8000-000000000001',
  overridden: false,
  ruleSetHash: 'base',
  key: outcome.paid > 0 ? 'paid' : 'not-paid',
  outcome,
  fired,
  ...over,
});
const result = (outcome: Outcome, fired: string[]): CandidateResult => ({ key: outcome.paid > 0 ? 'paid' : 'not-paid', outcome, fired });

describe('simulation fold', () => {
  const baseline = [
    row('A', { paid: 1000, level: 0 }, ['r1']),
    row('B', { paid: 500, level: 1 }, ['r1', 'r2'], { source: 'issued', overridden: true }),
    row('C', { paid: 0, level: 2 }, ['r2']),
    row('D', { paid: 700, level: 0 }, []),
  ];
  const candidate: CandidateResult[] = [
    result({ paid: 1000, level: 0 }, ['r1']),
    result({ paid: 0, level: 3 }, ['r2', 'r3']),
    result({ paid: 0, level: 2 }, ['r2']),
    { problems: ['facts.x: required by the candidate'] },
  ];
  const folded = foldSimulation(baseline, candidate, whatIf, ['r1', 'r2', 'r3']);

  it('compares each subject: outcome key, figures and their difference, rules newly firing or no longer', () => {
    expect(folded.rows.map((r) => [r.subject, r.changed, r.difference.paid, r.difference.level])).toEqual([
      ['A', false, 0, 0],
      ['B', true, -500, 2],
      ['C', false, 0, 0],
      ['D', false, null, null],
    ]);
    expect(folded.rows[1]).toMatchObject({
      baseline: { source: 'issued', overridden: true, key: 'paid', figures: { paid: 500, level: 1 } },
      candidate: { key: 'not-paid', figures: { paid: 0, level: 3 } },
      rules: { nowFiring: ['r3'], noLongerFiring: ['r1'] },
    });
    expect(folded.rows[3]).toMatchObject({ candidate: null, problems: ['facts.x: required by the candidate'] });
  });

  it('totals over the subjects the candidate could judge: pot paid, newly at nothing, subjects per level', () => {
    expect(folded.totals).toMatchObject({ subjects: 4, evaluated: 3, changed: 1, notEvaluable: 1 });
    expect(folded.totals.figures.paid).toEqual({
      label: 'Paid',
      total: 'sum',
      unit: 'pence',
      before: 1500,
      after: 1000,
      difference: -500,
      atZero: { before: 1, after: 2, newly: 1 },
    });
    expect(folded.totals.figures.level).toEqual({
      label: 'Level',
      total: 'level',
      values: { 0: { before: 1, after: 1 }, 1: { before: 1, after: 0 }, 2: { before: 1, after: 1 }, 3: { before: 0, after: 1 } },
    });
    expect(folded.totals.keys).toEqual({ paid: { before: 2, after: 1 }, 'not-paid': { before: 1, after: 2 } });
  });

  it('counts per rule the subjects it fired for, before and after, in the candidate order', () => {
    expect(folded.rules).toEqual([
      { rule: 'r1', before: 2, after: 1, inCandidate: true },
      { rule: 'r2', before: 2, after: 2, inCandidate: true },
      { rule: 'r3', before: 0, after: 1, inCandidate: true },
    ]);
  });

  it('keeps a rule only the baseline had, and a figure an old outcome lacks as null', () => {
    const old = foldSimulation([row('A', { paid: 1 } as Outcome, ['gone'])], [result({ paid: 1, level: 0 }, [])], whatIf, ['r1']);
    expect(old.rules).toEqual([
      { rule: 'r1', before: 0, after: 0, inCandidate: true },
      { rule: 'gone', before: 1, after: 0, inCandidate: false },
    ]);
    expect(old.rows[0].baseline.figures.level).toBeNull();
    expect(old.rows[0].changed).toBe(true);
  });
});
