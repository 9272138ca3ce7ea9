import type { RuleTrace } from '../rules/trace.js';
import { factLabel } from '../rules/condition-words.js';
import { clockTime, explanationRows, factRows } from './review-view.js';

describe('review page views', () => {
  it('gives one explanation row per condition with its verdict and the rule citation', () => {
    const rules: RuleTrace[] = [
      {
        name: 'N2 achieved',
        priority: 1,
        result: false,
        event: { type: 'measure', params: { reason: 'Emergency admissions fell', citation: 'QP guidance §N2' } },
        conditions: [
          { at: 'all[0]', fact: 'measures.N2.change', operator: 'lessThanInclusive', threshold: 0, thresholdValue: 0, value: 0.8, result: false },
          { at: 'all[1]', fact: 'x', operator: 'equal', threshold: { fact: 'y' }, thresholdValue: null, value: null, result: null },
        ],
      },
    ];
    expect(explanationRows(rules)).toEqual([
      expect.objectContaining({
        rule: 'N2 achieved',
        citation: 'QP guidance §N2',
        threshold: '0',
        actual: '0.8',
        verdict: 'fail',
        missIsAdverse: true,
        fact: 'measures › n2 › change',
        factName: 'measures.N2.change',
        operator: 'at most',
        operatorName: 'lessThanInclusive',
        firstOfRule: true,
        ruleSpan: 2,
      }),
      expect.objectContaining({ threshold: 'y', actual: '', verdict: 'not reached', firstOfRule: false }),
    ]);
  });

  it('writes thresholds and values as a reader reads them: separators, yes/no, lists in words', () => {
    const rule: RuleTrace = {
      name: 'deficit within tolerance',
      priority: 1,
      result: false,
      event: { type: 'gateway', params: {} },
      conditions: [
        { at: 'all[0]', fact: 'deficit', operator: 'lessThanInclusive', threshold: 250000, thresholdValue: 250000, value: 1234567.5, result: false },
        { at: 'all[1]', fact: 'signedOff', operator: 'equal', threshold: true, thresholdValue: true, value: false, result: false },
        { at: 'all[2]', fact: 'level', operator: 'in', threshold: ['L1', 'L2'], thresholdValue: ['L1', 'L2'], value: null, result: false },
      ],
    };
    expect(explanationRows([rule]).map((r) => [r.threshold, r.actual])).toEqual([
      ['250,000', '1,234,567.5'],
      ['yes', 'no'],
      ['L1, L2', 'not given'],
    ]);
  });

  it('says facts and operators in words, and a flag not raised is not a failure', () => {
    expect(factLabel('gateways.financial.unplannedDeficit')).toBe('gateways › financial › unplanned deficit');
    expect(factLabel('standards.rtt18WeeksIncompletePct')).toBe('standards › rtt18 weeks incomplete pct');
    const flag: RuleTrace = {
      name: 'referral risk',
      priority: 1,
      result: false,
      event: { type: 'flag', params: {} },
      conditions: [
        { at: 'all[0]', fact: 'scrutiny.referred', operator: 'equal', threshold: true, thresholdValue: true, value: false, result: false },
      ],
    };
    expect(explanationRows([flag])[0]).toMatchObject({ verdict: 'fail', missIsAdverse: false, operator: 'is' });
  });

  it('flattens nested facts to dotted paths', () => {
    expect(factRows({ a: { b: 1, c: 'x' }, d: [1, 2] })).toEqual([
      { path: 'a.b', value: '1' },
      { path: 'a.c', value: 'x' },
      { path: 'd', value: '[1,2]' },
    ]);
  });

  it('says when a claim lapses as a time of day, not an ISO instant', () => {
    expect(clockTime(new Date('2013-06-30T14:20:59.123Z'))).toBe('14:20 UTC');
    expect(clockTime('2013-06-30T09:05:00Z')).toBe('09:05 UTC');
    expect(clockTime(null)).toBe('');
  });
});
