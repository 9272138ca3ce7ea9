import {
  actualInWords,
  factLabel,
  findingInWords,
  listInWords,
  requirementInWords,
  testInWords,
  valueInWords,
  type FactWords,
} from './condition-words.js';
import type { ConditionTrace } from './trace.js';

const cond = (over: Partial<ConditionTrace>): ConditionTrace => ({
  at: 'all[0]',
  fact: 'x',
  operator: 'equal',
  threshold: true,
  thresholdValue: true,
  value: true,
  result: true,
  ...over,
});

const words: FactWords = (fact) =>
  ({
    'm.pct': { label: 'patients seen within four hours', unit: '%' },
    'm.cases': { label: 'MRSA cases' },
    'm.limit': { label: "the CCG's threshold" },
    'm.rolledOut': { label: 'rolled out on time' },
  })[fact] ?? { label: factLabel(fact) };

describe('conditions in words', () => {
  it('says numbers as a reader reads them, with their unit', () => {
    expect(valueInWords(1_234_567.5)).toBe('1,234,567.5');
    expect(valueInWords(93.1, '%')).toBe('93.1%');
    expect(valueInWords(12, 'weeks')).toBe('12 weeks');
    // Never rounded onto a threshold it missed.
    expect(valueInWords(94.9999, '%')).toBe('94.9999%');
    expect([valueInWords(true), valueInWords(false), valueInWords(null), valueInWords([])]).toEqual(['yes', 'no', 'not given', 'none']);
    expect(listInWords(['a', 'b', 'c'], 'or')).toBe('a, b or c');
  });

  it('reads each kind of condition as what it asks', () => {
    const pct = cond({ fact: 'm.pct', operator: 'greaterThanInclusive', threshold: 95, thresholdValue: 95, value: 93.1, result: false });
    expect(requirementInWords(pct, words)).toBe('patients seen within four hours at least 95%');
    expect(requirementInWords(cond({ fact: 'm.rolledOut' }), words)).toBe('rolled out on time');
    expect(requirementInWords(cond({ fact: 'gateways.audit.qualifiedOpinion', threshold: false }))).toBe('no gateways › audit › qualified opinion');
    expect(requirementInWords(cond({ fact: 'm.cases', threshold: 0, thresholdValue: 0, value: 2, result: false }), words)).toBe('no MRSA cases');
    expect(requirementInWords(cond({ fact: 'm.cases', threshold: 3, thresholdValue: 3 }), words)).toBe('MRSA cases exactly 3');
  });

  it('names a threshold taken from another fact, with its value once evaluated', () => {
    const c = cond({ fact: 'm.cases', operator: 'lessThanInclusive', threshold: { fact: 'm.limit' }, thresholdValue: 84, value: 90, result: false });
    expect(requirementInWords(c, words)).toBe("MRSA cases at most the CCG's threshold (84)");
    expect(findingInWords(c, words)).toBe("MRSA cases: 90, above the CCG's threshold (84)");
    expect(requirementInWords({ ...c, result: null, thresholdValue: null }, words)).toBe("MRSA cases at most the CCG's threshold");
  });

  it('says what was found and, when not met, how it fell short', () => {
    const pct = cond({ fact: 'm.pct', operator: 'greaterThanInclusive', threshold: 95, thresholdValue: 95, value: 93.1, result: false });
    expect(findingInWords(pct, words)).toBe('patients seen within four hours: 93.1%, below 95%');
    expect(findingInWords(pct, words, { thresholdNoun: 'standard' })).toBe('patients seen within four hours: 93.1%, below the 95% standard');
    expect(findingInWords({ ...pct, value: 96, result: true }, words)).toBe('patients seen within four hours: 96%');
    expect(findingInWords(cond({ fact: 'm.rolledOut', value: false, result: false }), words)).toBe('rolled out on time: no');
    expect(actualInWords({ ...pct, result: null }, words)).toBe('not reached');
  });

  it('joins a rule\'s conditions as the rule combines them: "and", "or", nested groups in brackets, "not"', () => {
    const leaf = (at: string, fact: string) => cond({ at, fact, threshold: true });
    expect(testInWords([leaf('all[0]', 'a'), leaf('all[1]', 'b'), leaf('all[2]', 'c')])).toBe('a, b and c');
    expect(testInWords([leaf('all[0]', 'a'), leaf('all[1].any[0]', 'b'), leaf('all[1].any[1]', 'c')])).toBe('a and (b or c)');
    expect(testInWords([leaf('any[0].all[0]', 'a'), leaf('any[0].all[1]', 'b'), leaf('any[1]', 'c')])).toBe('(a and b) or c');
    expect(testInWords([leaf('all[0].not', 'a'), leaf('all[1]', 'b')])).toBe('not a and b');
  });
});
