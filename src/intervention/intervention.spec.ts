import { join, resolve } from 'node:path';
import { ZodError } from 'zod';
import { readImportFile } from '../cli/import-file.js';
import { effectiveRuleSet, loadRuleSetsFrom } from '../rules/rule-set.loader.js';
import { interventionFactsSchema, type InterventionFacts } from './intervention.facts.js';
import { interventionFamily } from './intervention.family.js';
import { concernCount, deriveHistoryFacts } from './intervention.history.js';
import { interventionLevelReached } from './intervention.links.js';
import { interventionParametersOf } from './intervention.parameters.js';
import { principlesView } from './principles.js';
import { financialYearOf, nextQuarter, previousQuarter, quarterRange, quarterSchema, quarterStart, quartersOfYear } from './quarter.js';
import { sweepReport } from './sweep.report.js';
import { interventionFacts } from '../../test/support/intervention-facts.js';

const root = resolve(__dirname, '../..');
const set = effectiveRuleSet(loadRuleSetsFrom(join(root, 'rules')), 'intervention', '2013-04-01')!;
const params = interventionParametersOf(set.document.parameters);
const clean = (): InterventionFacts => interventionFactsSchema.parse(interventionFacts());

describe('quarters of the financial year', () => {
  it('start on the first day of April, July, October and January', () => {
    expect(['2013-Q1', '2013-Q2', '2013-Q3', '2013-Q4'].map(quarterStart)).toEqual(['2013-04-01', '2013-07-01', '2013-10-01', '2014-01-01']);
    expect(interventionFamily.periodDate('2014-Q4')).toBe('2015-01-01');
  });

  it('step across years and belong to their financial year', () => {
    expect(previousQuarter('2014-Q1')).toBe('2013-Q4');
    expect(nextQuarter('2013-Q4')).toBe('2014-Q1');
    expect(quarterRange('2013-Q3', 3)).toEqual(['2013-Q3', '2013-Q4', '2014-Q1']);
    expect(financialYearOf('2013-Q4')).toBe('2013/14');
    expect(quartersOfYear('2014/15')).toEqual(['2014-Q1', '2014-Q2', '2014-Q3', '2014-Q4']);
  });

  it('refuse anything but YYYY-Qn with n from 1 to 4', () => {
    for (const bad of ['2013-Q0', '2013-Q5', '2013Q1', '2013/14', '13-Q1']) expect(quarterSchema.safeParse(bad).success).toBe(false);
  });
});

describe('history-derived facts', () => {
  const missedRtt = (): InterventionFacts => {
    const f = clean();
    f.standards.rtt18WeeksIncompletePct = 90;
    return f;
  };

  it('count a missed standard back through consecutive issued quarters only', () => {
    const earlier = [
      { quarter: '2013-Q1', level: 0, facts: missedRtt() },
      { quarter: '2013-Q2', level: 0, facts: clean() },
      { quarter: '2013-Q3', level: 1, facts: missedRtt() },
    ];
    const f = deriveHistoryFacts('2013-Q4', missedRtt(), { earlier }, params);
    expect(f['standards.rtt18WeeksIncompletePct.missedRunning']).toBe(2);
    expect(f['standards.rtt18WeeksIncompletePct.missedIn']).toEqual(['2013-Q3', '2013-Q4']);
    expect(f['history.quartersUsed']).toEqual(['2013-Q1', '2013-Q2', '2013-Q3']);
    expect(f['level.previous']).toBe(1);
    expect(f['level.quartersHeld']).toBe(1);
    expect(f['level.escalatedIn']).toBe('2013-Q3');
  });

  it('name the missing quarter and keep the last issued level in force', () => {
    const f = deriveHistoryFacts('2013-Q4', missedRtt(), { earlier: [{ quarter: '2013-Q2', level: 2, facts: missedRtt() }] }, params);
    expect(f['history.missingQuarters']).toEqual(['2013-Q3']);
    expect(f['standards.rtt18WeeksIncompletePct.missedRunning']).toBe(1);
    expect(f['level.previous']).toBe(2);
    expect(f['level.previousFrom']).toBe('2013-Q2');
    expect(f['level.quartersHeld']).toBe(0);
    expect(f['concerns.changeSinceEscalation']).toBeUndefined();
  });

  it('treat the first quarter of the regime as having no predecessors, not missing ones', () => {
    const f = deriveHistoryFacts('2013-Q1', clean(), { earlier: [] }, params);
    expect(f['history.missingQuarters']).toEqual([]);
    expect(f['level.previous']).toBe(0);
  });

  it('count one concern per adverse indicator', () => {
    const f = missedRtt();
    f.finance.ytdVariancePct = -0.1;
    f.governance.auditOpinion = 'qualified';
    f.assurance = { ...f.assurance, plans: 'assured-with-support', leadership: 'not-assured' };
    expect(concernCount(clean(), params)).toBe(0);
    expect(concernCount(f, params)).toBe(5);
  });
});

describe('the Quality Premium link', () => {
  it('says whether a CCG was at the level or above in a year, and when', () => {
    const records = [
      { ccgCode: '02N', quarter: '2013-Q2', level: 2 },
      { ccgCode: '02N', quarter: '2013-Q4', level: 3 },
      { ccgCode: '02N', quarter: '2014-Q1', level: 4 },
      { ccgCode: '09C', quarter: '2013-Q3', level: 5 },
    ];
    expect(interventionLevelReached(records, '02N', '2013/14', 3)).toEqual({ reached: true, quarters: ['2013-Q4'], highestLevel: 3 });
    expect(interventionLevelReached(records, '02N', '2013/14', 4)).toEqual({ reached: false, quarters: [], highestLevel: 3 });
    expect(interventionLevelReached(records, '00C', '2013/14', 3)).toEqual({ reached: false, quarters: [], highestLevel: null });
  });
});

describe('the override', () => {
  it('sets the level, its notice and ladder entry, and keeps what the rules proposed', () => {
    const proposed = {
      key: 'monitoring-letter',
      outcome: {
        level: 1,
        previousLevel: 0,
        humanDecisionRequired: false,
        ladder: params.ladder.map((r) => ({ ...r, humanDecision: r.level >= 4 })),
      },
    } as never;
    const o = interventionFamily.override(proposed, { level: 4 });
    expect(o).toMatchObject({
      key: 'board-proposal',
      outcome: { level: 4, movement: 'up', basis: 'override', humanDecisionRequired: true, overriddenFrom: { level: 1 } },
    });
    // Review parses the body with overrideSchema first; override itself still refuses a level off the ladder.
    expect(() => interventionFamily.override(proposed, { level: 6 })).toThrow(ZodError);
    expect(() => interventionFamily.override(proposed, { level: 6 })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ code: 'too_big', path: ['level'] })] }),
    );
  });
});

describe('the sweep report', () => {
  it('counts levels and lists who moved up or down, and who has no facts in', () => {
    const r = sweepReport(
      '2013-Q2',
      ['A', 'B', 'C', 'D'],
      [
        { ccg: 'A', status: 'awaiting_review', level: 2, previousLevel: 1, humanDecisionRequired: false },
        { ccg: 'B', status: 'decided', level: 0, previousLevel: 1, humanDecisionRequired: false },
        { ccg: 'C', status: 'awaiting_review', level: 4, previousLevel: 4, humanDecisionRequired: true },
      ],
      2,
    );
    expect(r).toMatchObject({
      factsIn: 3,
      factsMissing: ['D'],
      levels: { 0: 1, 1: 0, 2: 1, 3: 0, 4: 1, 5: 0 },
      movedUp: [{ ccg: 'A', from: 1, to: 2 }],
      movedDown: [{ ccg: 'B', from: 1, to: 0 }],
      unchanged: 1,
      awaitingReview: 2,
      issued: 1,
      waitingForBoardDecision: ['C'],
    });
  });
});

describe('the published principles', () => {
  it('carry every rule with its conditions, the ladder and the standards of the rule set', () => {
    const view = principlesView(set);
    const published = [...view.ladder.flatMap((l) => l.triggers), ...view.holds];
    expect(published.map((r) => r.name).sort()).toEqual(set.document.rules.map((r) => r.name).sort());
    expect(view.ladder.map((l) => l.level)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(view.ladder.filter((l) => l.humanDecision).map((l) => l.level)).toEqual([4, 5]);
    expect(view.standards.find((s) => s.id === 'ae4HoursPct')?.threshold).toBe(95);
    const ytd = published.find((r) => r.name.startsWith('finance: year-to-date variance'));
    expect(ytd?.conditions).toEqual([{ fact: 'finance.ytdVariancePct', operator: 'lessThan', words: 'is less than', threshold: '-0.5' }]);
  });
});

describe('the import example', () => {
  it('scripts/examples/intervention-2013-Q1.csv reads into valid intervention facts', () => {
    const items = readImportFile(join(root, 'scripts/examples/intervention-2013-Q1.csv')) as { family: string; period: string; facts: unknown }[];
    expect(items).toHaveLength(3);
    for (const item of items) {
      expect(item).toMatchObject({ family: 'intervention', period: '2013-Q1' });
      expect(interventionFactsSchema.safeParse(item.facts).error).toBeUndefined();
    }
  });
});
