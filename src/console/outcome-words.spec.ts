import { humanise, outcomeWords } from './outcome-words.js';

describe('outcome keys in words', () => {
  it('spells a key out', () => {
    expect(humanise('not-payable')).toBe('Not payable');
    expect(humanise('recovery-plan-notice')).toBe('Recovery plan notice');
    expect(humanise('authorised-with-conditions')).toBe('Authorised with conditions');
    expect(humanise('more-evidence-needed')).toBe('More evidence needed');
    expect(humanise('fully-authorised')).toBe('Fully authorised');
    expect(humanise('level-1')).toBe('Level 1');
    expect(humanise('payable')).toBe('Payable');
    expect(humanise('assuredWithActions')).toBe('Assured with actions');
  });

  it("prefers the family's own words for a key, and says nothing for no key", () => {
    const family = { outcomeWords: { 'chase-owner': 'Chase the owner' } };
    expect(outcomeWords(family, 'chase-owner')).toBe('Chase the owner');
    expect(outcomeWords(family, 'answered')).toBe('Answered');
    // Only the family's own keys: nothing inherited from Object is a key's words.
    expect(outcomeWords(family, 'constructor')).toBe('Constructor');
    expect(outcomeWords({}, 'not-payable')).toBe('Not payable');
    expect(outcomeWords(undefined, 'level-1')).toBe('Level 1');
    expect(outcomeWords(family, null)).toBe('');
    expect(outcomeWords(family, '')).toBe('');
  });
});
