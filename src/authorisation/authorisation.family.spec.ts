import { FamilyProblemsError, templateFor } from '../rules/rule-family.js';
import type { AuthorisationOutcome } from './authorisation.decider.js';
import { authorisationFamily, wavePeriodDate } from './authorisation.family.js';
import { authorisationReviewFamily } from './review.family.js';

const outcome = (levels: number[]): AuthorisationOutcome => ({
  assessedOn: '2013-01-30',
  criteriaAssessed: 119,
  criteriaUnmet: levels.length,
  conditions: levels.map((level, i) => ({
    criterion: `3.${i + 1}`,
    domain: 3,
    title: 't',
    gap: 'g',
    level,
    support: 's',
    action: 'a',
    dueDate: '2013-04-30',
    directions: level >= 4,
    note: 'n',
    citation: 'c',
  })),
  conditionsByLevel: {},
  directions: levels.some((l) => l >= 4),
  notAuthorisedBecause: [],
});

describe('authorisation family', () => {
  it('reads waves as the first day of their decision month', () => {
    expect(['2012-W1', '2013-W2', '2013-W3', '2013-W4'].map(wavePeriodDate)).toEqual(['2012-12-01', '2013-01-01', '2013-02-01', '2013-03-01']);
    expect(authorisationFamily.periodSchema.safeParse('2013-W5').success).toBe(false);
  });

  it('lets a reviewer issue "established, not authorised", keeping the proposal', () => {
    const proposed = { key: 'authorised-with-conditions', outcome: outcome([1, 2]) };
    expect(authorisationFamily.override(proposed, { key: 'established-not-authorised' })).toMatchObject({
      key: 'established-not-authorised',
      outcome: { overriddenFrom: { key: 'authorised-with-conditions' }, conditions: proposed.outcome.conditions },
    });
  });

  it('refuses an override that contradicts the conditions, naming the field', () => {
    const withConditions = { key: 'authorised-with-conditions', outcome: outcome([1]) };
    expect(() => authorisationFamily.override(withConditions, { key: 'authorised' })).toThrow(FamilyProblemsError);
    expect(() => authorisationFamily.override(withConditions, { key: 'authorised-with-conditions-and-directions' })).toThrow(/key/);
  });

  it('picks a letter for every outcome and refuses an unknown one', () => {
    expect(templateFor(authorisationFamily, 'authorised')).toBe('authorisation/full-authorisation');
    expect(templateFor(authorisationFamily, 'authorised-with-conditions-and-directions')).toBe('authorisation/decision-letter');
    expect(() => templateFor(authorisationFamily, 'maybe')).toThrow(/maybe/);
    expect(templateFor(authorisationReviewFamily, 'fully-authorised')).toBe('authorisation-review/full-authorisation');
    expect(() => authorisationReviewFamily.override({ key: 'conditions-continue', outcome: {} as never }, {})).toThrow(FamilyProblemsError);
  });
});
