import { join, resolve } from 'node:path';
import { RuleSetRunner } from '../rules/rule-engine.js';
import { FamilyDefinitionError, FamilyProblemsError } from '../rules/rule-family.js';
import { effectiveRuleSet, loadRuleSetsFrom } from '../rules/rule-set.loader.js';
import type { RuleTrace } from '../rules/trace.js';
import { assessSubject, escalationFigures } from './barrier-escalation.assess.js';
import { decideBarrierEscalation } from './barrier-escalation.decider.js';
import type { EscalationSnapshot } from './barrier-escalation.facts.js';
import { barrierEscalationFamily } from './barrier-escalation.family.js';
import { barrierEscalationParametersOf } from './barrier-escalation.parameters.js';
import { barrierSweepReport } from './sweep.report.js';

const root = resolve(__dirname, '../..');
const set = effectiveRuleSet(loadRuleSetsFrom(join(root, 'rules')), 'barrier-escalation', '2013-10-01')!;
const runner = new RuleSetRunner(set.document);
const REGIONS = ['North of England', 'Midlands and East of England', 'London', 'South of England'];

/** An issue raised by `ccgs` CCGs spread over `regions` regions, due on `due`. */
function issue(ccgs: number, regions: number, over: Partial<EscalationSnapshot> = {}): EscalationSnapshot {
  return {
    kind: 'national-issue',
    ref: 'NI-2013-0001',
    title: 'Episode tariffs stop joint frailty services',
    owner: 'Director of Commissioning Development',
    responseDue: '2013-11-30',
    barriers: Array.from({ length: ccgs }, (_, i) => ({
      ref: `BAR-2013-${String(i + 1).padStart(4, '0')}`,
      ccg: { code: `${10 + i}X`, name: `NHS Unit CCG ${i + 1}`, region: REGIONS[i % regions], areaTeam: `Area ${i % regions}` },
      raisedOn: '2013-07-15',
      objectives: [19],
      actionArea: 'contracting-and-pricing',
      synthetic: false,
    })),
    responses: [],
    rejections: [],
    earlier: [],
    ...over,
  };
}

const ANSWER = { id: 'r1', respondedOn: '2013-10-15', text: 'A year-of-care tariff option for 2014/15.', nationalAction: null };

/** The pipeline's steps for one snapshot: engineFacts, the engine, the decider. */
async function decide(snapshot: EscalationSnapshot, period = '2013-Q3', asOf = '2013-12-31') {
  const engineFacts = barrierEscalationFamily.engineFacts({ asOf }, { subject: snapshot.ref, period, family: snapshot }, set.document);
  const stored = JSON.parse(JSON.stringify(engineFacts)) as Record<string, unknown>;
  const rules = await runner.run(stored);
  return { ...decideBarrierEscalation({ engineFacts: stored, rules, ruleSet: set.document }), rules, engineFacts: stored };
}

describe('the escalation rules and decider', () => {
  it('put an overdue issue raised by 12 CCGs in 3 regions into the letter, and leave an answered one out', async () => {
    const overdue = await decide(issue(12, 3));
    expect(overdue.key).toBe('include-in-letter');
    expect(overdue.outcome).toMatchObject({ inLetter: true, selectCommittee: false, figures: { ccgs: 12, regions: 3, daysOverdue: 31 } });
    // The most serious rule first; the lesser one that also held is kept as a reason.
    expect(overdue.outcome.reasons.map((r) => r.action)).toEqual(['include-in-letter', 'chase-owner']);

    const answered = await decide(issue(12, 3, { responses: [ANSWER] }));
    expect(answered.key).toBe('answered');
    expect(answered.outcome).toMatchObject({ inLetter: false, subject: { answer: { respondedOn: '2013-10-15' } }, figures: { daysOverdue: 0 } });
  });

  it('compare with the rule set’s thresholds, not numbers of their own', async () => {
    const thresholds = barrierEscalationParametersOf(set.document.parameters).thresholds;
    const atThreshold = await decide(issue(thresholds.letterMinCcgs, thresholds.letterMinRegions));
    expect(atThreshold.key).toBe('include-in-letter');
    expect(atThreshold.engineFacts['thresholds.letterMinCcgs']).toBe(thresholds.letterMinCcgs);
    expect((await decide(issue(thresholds.letterMinCcgs - 1, thresholds.letterMinRegions))).key).toBe('chase-owner');
    expect((await decide(issue(thresholds.letterMinCcgs, 1))).key).toBe('chase-owner');
  });

  it('mark an issue already in two letters and still overdue for the Select Committee', async () => {
    const earlier = [
      { quarter: '2013-Q1', key: 'include-in-letter', inLetter: true },
      { quarter: '2013-Q2', key: 'select-committee', inLetter: true },
      // A later quarter's letter does not count for this one.
      { quarter: '2013-Q4', key: 'include-in-letter', inLetter: true },
    ];
    const d = await decide(issue(2, 1, { earlier, barriers: issue(2, 1).barriers.map((b) => ({ ...b, raisedOn: '2013-06-01' })) }));
    expect(d.key).toBe('select-committee');
    expect(d.outcome).toMatchObject({ inLetter: true, selectCommittee: true, figures: { lettersBefore: 2 } });
  });

  it('fail the definition, not the case, when no rule holds or a rule is of a kind it does not fold', () => {
    const trace = (over: Partial<RuleTrace>): RuleTrace => ({
      name: 'r',
      priority: 1,
      result: false,
      event: { type: 'escalation', params: { action: 'answered', title: 'Answered', citation: '§2.9', reason: 'Answered.' } },
      conditions: [],
      ...over,
    });
    expect(() => decideBarrierEscalation({ engineFacts: {}, rules: [trace({})], ruleSet: set.document })).toThrow(FamilyDefinitionError);
    expect(() =>
      decideBarrierEscalation({
        engineFacts: {},
        rules: [trace({ event: { type: 'trigger', params: { citation: 'x', reason: 'y' } } })],
        ruleSet: set.document,
      }),
    ).toThrow(/event type "trigger"/);
  });

  it('refuse a day assessed outside the quarter, naming facts.asOf', () => {
    const call = () =>
      barrierEscalationFamily.engineFacts({ asOf: '2014-01-01' }, { subject: 'NI-2013-0001', period: '2013-Q3', family: issue(3, 1) }, set.document);
    expect(call).toThrow(FamilyProblemsError);
    expect(() => call()).toThrow(/facts\.asOf: 2014-01-01 is not in 2013-Q3/);
  });
});

describe('an override', () => {
  it('issues the action Board staff chose, flags following it, and keeps what the rules proposed', async () => {
    const proposed = await decide(issue(12, 3));
    const chased = barrierEscalationFamily.override(proposed, { action: 'chase-owner' });
    expect(chased).toMatchObject({
      key: 'chase-owner',
      outcome: { action: 'chase-owner', inLetter: false, selectCommittee: false, basis: 'override', overriddenFrom: { action: 'include-in-letter' } },
    });
    // Overriding an override still names what the rules proposed.
    const again = barrierEscalationFamily.override(chased, { action: 'select-committee' });
    expect(again.outcome).toMatchObject({ inLetter: true, selectCommittee: true, overriddenFrom: { action: 'include-in-letter' } });
    expect(() => barrierEscalationFamily.override(proposed, { action: 'ignore' })).toThrow();
  });
});

describe('the subject on the day assessed', () => {
  it('counts only what was raised, answered and rejected by then', () => {
    const snapshot = issue(3, 2, {
      responses: [ANSWER, { ...ANSWER, id: 'r2', respondedOn: '2014-01-10' }],
      rejections: [
        { barrier: 'BAR-2013-0001', ccg: '10X', responseId: 'r1', rejectedOn: '2013-11-01' },
        { barrier: 'BAR-2013-0002', ccg: '11X', responseId: 'r1', rejectedOn: '2014-01-02' },
      ],
    });
    snapshot.barriers[2].raisedOn = '2014-01-05';
    const subject = assessSubject(snapshot, '2013-12-31');
    expect(subject.barriers.map((b) => b.ref)).toEqual(['BAR-2013-0001', 'BAR-2013-0002']);
    expect(subject.answer?.respondedOn).toBe('2013-10-15');
    expect(subject.rejectedBy).toEqual(['10X']);
    expect(escalationFigures(subject, [], '2013-12-31', '2013-Q3')).toMatchObject({
      answered: true,
      daysOverdue: 0,
      quartersUnresolved: 0,
      rejectingCcgs: 1,
    });
  });

  it('lists it under the objective and action area most of its barriers name', () => {
    const snapshot = issue(3, 1);
    snapshot.barriers[0].objectives = [13, 14];
    snapshot.barriers[1].objectives = [14];
    snapshot.barriers[2].objectives = [13];
    snapshot.barriers[2].actionArea = 'procurement';
    const subject = assessSubject(snapshot, '2013-12-31');
    // 13 and 14 are cited twice each: the lower number wins the tie.
    expect(subject).toMatchObject({ objectives: [13, 14], primaryObjective: 13, actionArea: 'contracting-and-pricing' });
  });
});

describe('the sweep report', () => {
  it('counts each action, issued or proposed, and lists the escalated and the chased', () => {
    const report = barrierSweepReport(
      '2013-Q3',
      {
        asOf: '2013-12-31',
        subjects: ['NI-2013-0001', 'NI-2013-0002', 'BAR-2013-0009'],
        submitted: ['NI-2013-0002', 'BAR-2013-0009'],
        alreadyAssessed: ['NI-2013-0001'],
        refused: [],
      },
      [
        { subject: 'NI-2013-0001', status: 'decided', action: 'select-committee' },
        { subject: 'NI-2013-0002', status: 'awaiting_review', action: 'answered' },
        { subject: 'BAR-2013-0009', status: 'awaiting_review', action: 'chase-owner' },
        { subject: 'NI-2013-0003', status: 'failed', action: null, error: 'boom' },
      ],
      3,
    );
    expect(report).toMatchObject({
      subjects: 4,
      submitted: 2,
      alreadyAssessed: 1,
      awaitingReview: 2,
      issued: 1,
      failed: [{ subject: 'NI-2013-0003', error: 'boom' }],
      actions: { answered: 1, 'awaiting-response': 0, 'chase-owner': 1, 'include-in-letter': 0, 'select-committee': 1 },
      inLetter: ['NI-2013-0001'],
      selectCommittee: ['NI-2013-0001'],
      chased: ['BAR-2013-0009'],
      answered: ['NI-2013-0002'],
    });
  });
});
