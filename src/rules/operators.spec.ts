import { Engine } from 'json-rules-engine';
import { addCustomOperators, OPERATOR_NAMES } from './operators.js';

/** Whether a one-condition rule `x <operator> value` holds on an engine set up as RuleSetRunner
 *  sets its engines up (undefined facts allowed). `absent` leaves the fact out altogether. */
async function holds(operator: string, fact: unknown, value: unknown): Promise<boolean> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  addCustomOperators(engine);
  engine.addRule({ name: 'r', conditions: { all: [{ fact: 'x', operator, value }] }, event: { type: 'held' } });
  const { events } = await engine.run(fact === absent ? {} : { x: fact });
  return events.length === 1;
}
const absent = Symbol('absent');

describe('the operators a rule set may name', () => {
  it('are all known to the engine the runner builds, and the engine refuses any other', async () => {
    expect([...OPERATOR_NAMES].sort()).toEqual(
      [
        'equal',
        'notEqual',
        'in',
        'notIn',
        'contains',
        'doesNotContain',
        'lessThan',
        'lessThanInclusive',
        'greaterThan',
        'greaterThanInclusive',
        'dateBefore',
        'dateOnOrBefore',
        'dateAfter',
        'dateOnOrAfter',
        'isDefined',
      ].sort(),
    );
    for (const operator of OPERATOR_NAMES) await expect(holds(operator, [1], [1])).resolves.toEqual(expect.any(Boolean));
    await expect(holds('isRoughly', 1, 1)).rejects.toThrow('Unknown operator: isRoughly');
  });
});

describe('date operators', () => {
  const cases: [string, string, string, boolean][] = [
    ['dateBefore', '2013-03-31', '2013-04-01', true],
    ['dateBefore', '2013-04-01', '2013-04-01', false],
    ['dateBefore', '2013-04-02', '2013-04-01', false],
    ['dateOnOrBefore', '2013-03-31', '2013-04-01', true],
    ['dateOnOrBefore', '2013-04-01', '2013-04-01', true],
    ['dateOnOrBefore', '2013-04-02', '2013-04-01', false],
    ['dateAfter', '2013-04-02', '2013-04-01', true],
    ['dateAfter', '2013-04-01', '2013-04-01', false],
    ['dateAfter', '2013-03-31', '2013-04-01', false],
    ['dateOnOrAfter', '2013-04-02', '2013-04-01', true],
    ['dateOnOrAfter', '2013-04-01', '2013-04-01', true],
    ['dateOnOrAfter', '2013-03-31', '2013-04-01', false],
    // Across a month and a year, as strings of fixed width compare.
    ['dateBefore', '2013-12-31', '2014-01-01', true],
    ['dateAfter', '2013-10-01', '2013-09-30', true],
  ];

  it.each(cases)('%s: %s against %s is %s', async (operator, fact, value, expected) => {
    await expect(holds(operator, fact, value)).resolves.toBe(expected);
  });

  it('compare the calendar day as written: a time of day (or a zone) on either side does not count', async () => {
    await expect(holds('dateBefore', '2013-04-01T23:59:59Z', '2013-04-01')).resolves.toBe(false);
    await expect(holds('dateOnOrBefore', '2013-04-01T23:59:59Z', '2013-04-01')).resolves.toBe(true);
    await expect(holds('dateAfter', '2013-04-01T00:00:01Z', '2013-04-01')).resolves.toBe(false);
    await expect(holds('dateOnOrAfter', '2013-04-01', '2013-04-01T12:00:00Z')).resolves.toBe(true);
    // 23:30 at UTC-2 is the next day in UTC; the day written is what counts.
    await expect(holds('dateOnOrBefore', '2013-04-01T23:30:00-02:00', '2013-04-01')).resolves.toBe(true);
  });

  const notDates: [string, unknown][] = [
    ['absent', absent],
    ['null', null],
    ['a number', 20130401],
    ['a Date-like text', '1 April 2013'],
    ['an empty string', ''],
    ['a year only', '2013'],
    ['a boolean', true],
  ];

  it.each(notDates)('a fact that is %s satisfies no date operator, neither one nor its opposite', async (_what, fact) => {
    for (const operator of ['dateBefore', 'dateOnOrBefore', 'dateAfter', 'dateOnOrAfter']) {
      await expect(holds(operator, fact, '2013-04-01')).resolves.toBe(false);
    }
  });

  it('a threshold that is not a date is satisfied by no fact', async () => {
    for (const operator of ['dateBefore', 'dateOnOrBefore', 'dateAfter', 'dateOnOrAfter']) {
      await expect(holds(operator, '2013-04-01', 'soon')).resolves.toBe(false);
      await expect(holds(operator, '2013-04-01', null)).resolves.toBe(false);
    }
  });
});

describe('isDefined', () => {
  const supplied: [string, unknown][] = [
    ['zero', 0],
    ['an empty string', ''],
    ['false', false],
    ['an empty list', []],
    ['an object', { a: 1 }],
  ];

  it.each(supplied)('counts %s as supplied evidence', async (_what, fact) => {
    await expect(holds('isDefined', fact, true)).resolves.toBe(true);
    await expect(holds('isDefined', fact, false)).resolves.toBe(false);
  });

  it.each([
    ['absent', absent],
    ['null', null],
  ] as [string, unknown][])('counts a fact that is %s as not supplied', async (_what, fact) => {
    await expect(holds('isDefined', fact, true)).resolves.toBe(false);
    await expect(holds('isDefined', fact, false)).resolves.toBe(true);
  });
});
