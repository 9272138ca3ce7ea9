import { addMonths } from './dates.js';
import { summariseAuthorisation } from './authorisation-summary.js';
import { authorisationHistory } from '../../test/support/authorisation-history.js';

describe('addMonths', () => {
  it('adds calendar months and clamps to the last day of a shorter month', () => {
    expect(addMonths('2012-12-18', 3)).toBe('2013-03-18');
    expect(addMonths('2013-01-31', 1)).toBe('2013-02-28');
    expect(addMonths('2013-03-31', 6)).toBe('2013-09-30');
    expect(addMonths('2012-11-30', 3)).toBe('2013-02-28');
  });
});

describe('summariseAuthorisation', () => {
  const { records, events } = authorisationHistory();

  it('counts only CCGs decided by the day, each condition in its state on that day', () => {
    const s = summariseAuthorisation(records, events, '2012-12-31');
    expect(s).toMatchObject({ ccgsDecided: 2, current: { freeOfConditions: 1, withConditions: 1, underDirections: 0 }, openConditions: 2 });
    expect(s.byWave).toEqual([{ wave: 1, ccgs: 2, withoutConditions: 1, withConditions: 1, withDirections: 0 }]);
  });

  it('follows escalation into directions and discharge out of them', () => {
    const march = summariseAuthorisation(records, events, '2013-03-31');
    expect(march.ccgsUnderDirections).toEqual(['CCC']);
    expect(march.openConditionsByLevel).toEqual({ '3': 1, '4': 1 });
    const july = summariseAuthorisation(records, events, '2013-07-31');
    expect(july.ccgsUnderDirections).toEqual(['BBB']);
    expect(july.current).toEqual({ freeOfConditions: 2, withConditions: 1, underDirections: 1, notAuthorised: 0 });
    expect(july.byOutcome).toEqual({ authorised: 1, 'authorised-with-conditions': 1, 'authorised-with-conditions-and-directions': 1 });
  });
});
