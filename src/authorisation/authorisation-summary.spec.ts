import { addMonths } from './dates.js';
import { summariseAuthorisation, type ConditionEventRow } from './authorisation-summary.js';

describe('addMonths', () => {
  it('adds calendar months and clamps to the last day of a shorter month', () => {
    expect(addMonths('2012-12-18', 3)).toBe('2013-03-18');
    expect(addMonths('2013-01-31', 1)).toBe('2013-02-28');
    expect(addMonths('2013-03-31', 6)).toBe('2013-09-30');
    expect(addMonths('2012-11-30', 3)).toBe('2013-02-28');
  });
});

describe('summariseAuthorisation', () => {
  const records = [
    { odsCode: 'AAA', wave: 1, outcome: 'authorised', decidedOn: '2012-12-18' },
    { odsCode: 'BBB', wave: 1, outcome: 'authorised-with-conditions', decidedOn: '2012-12-18' },
    { odsCode: 'CCC', wave: 2, outcome: 'authorised-with-conditions-and-directions', decidedOn: '2013-01-30' },
  ];
  let seq = 0;
  const ev = (conditionId: string, odsCode: string, on: string, level: number, status: string, domain = 3): ConditionEventRow => ({
    conditionId,
    odsCode,
    domain,
    on,
    seq: seq++,
    level,
    status,
  });
  const events = [
    ev('b1', 'BBB', '2012-12-18', 1, 'open'),
    ev('b2', 'BBB', '2012-12-18', 3, 'open', 4),
    ev('c1', 'CCC', '2013-01-30', 4, 'open', 1),
    ev('b1', 'BBB', '2013-03-28', 1, 'discharged'),
    ev('b2', 'BBB', '2013-07-31', 4, 'open', 4),
    ev('c1', 'CCC', '2013-07-31', 4, 'discharged', 1),
  ];

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
