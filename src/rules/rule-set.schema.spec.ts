import { toyRuleSet, type ToyDoc } from '../../test/support/toy-rule-set.js';
import { ruleSetSchema } from './rule-set.schema.js';

/** The issues (pointer and message) the schema gives a toy rule set of these effective dates. */
const issuesOf = (effective: ToyDoc) =>
  (ruleSetSchema.safeParse(toyRuleSet({ effective })).error?.issues ?? []).map((i) => ({ path: i.path.join('/'), message: i.message }));
const NOT_IN_CALENDAR = 'expected an ISO date as a real calendar date YYYY-MM-DD';

describe('effective dates of a rule set', () => {
  it.each([{ from: '2013-04-01', to: '2014-03-31' }, { from: '2016-02-29' }, { from: '2013-04-01', to: '2013-04-01' }])(
    'takes days that exist: %p',
    (effective) => {
      expect(issuesOf(effective)).toEqual([]);
    },
  );

  it.each([
    ['a 30 February start', { from: '2013-02-30' }, 'effective/from'],
    ['a 29 February start outside a leap year', { from: '2015-02-29', to: '2016-03-31' }, 'effective/from'],
    ['a thirteenth month', { from: '2013-13-01' }, 'effective/from'],
    ['a 30 February end', { from: '2013-04-01', to: '2014-02-30' }, 'effective/to'],
    ['a 31 April end', { from: '2013-04-01', to: '2014-04-31' }, 'effective/to'],
    ['a day that is not in the ISO form', { from: '2013-4-1' }, 'effective/from'],
  ])('refuses %s, naming it as not a date in the calendar', (_what, effective, path) => {
    expect(issuesOf(effective)).toEqual([{ path, message: NOT_IN_CALENDAR }]);
  });

  it('reports a bad start as itself, not as an end before it', () => {
    expect(issuesOf({ from: '2014-02-30', to: '2013-05-01' })).toEqual([{ path: 'effective/from', message: NOT_IN_CALENDAR }]);
    expect(issuesOf({ from: '2014-04-01', to: '2013-02-30' })).toEqual([{ path: 'effective/to', message: NOT_IN_CALENDAR }]);
  });

  it('still refuses an end before the start', () => {
    expect(issuesOf({ from: '2013-04-01', to: '2013-03-31' })).toEqual([{ path: 'effective/to', message: 'ends before it starts' }]);
  });
});
