import { z } from 'zod';
import { DomainError } from '../common/domain-error.js';
import { FamilyDefinitionError, type RuleFamily } from '../rules/rule-family.js';
import { parseRuleSet } from '../rules/rule-set.loader.js';
import { candidateRunProblem, checkCandidate, inForceFor } from './candidate.js';
import { TOY_PARAMS, toyRule, toyRuleSet, type ToyDoc } from '../../test/support/toy-rule-set.js';

// A made-up family with yearly periods and a parameter its decider reads.
const toy = {
  id: 'toy',
  periodSchema: z.string().regex(/^\d{4}$/),
  periodDate: (p: string) => `${p}-04-01`,
  whatIf: { figures: {}, parameters: z.object({ perHead: z.number().int().positive() }) },
} as unknown as RuleFamily;
const families = { find: (id: string) => (id === 'toy' ? toy : undefined) };

type Doc = ToyDoc;
const rule = (name: string, over: Doc = {}): Doc => toyRule(name, { event: { type: 'finding', params: { ...TOY_PARAMS, weight: 0.5 } }, ...over });
const doc = (over: Doc = {}): Doc => toyRuleSet({ parameters: { perHead: 500 }, rules: [rule('a'), rule('b')], ...over });
const loaded = [
  parseRuleSet('toy/toy-2013.json', JSON.stringify(doc())),
  parseRuleSet('toy/toy-2014.json', JSON.stringify(doc({ id: 'toy-2014', effective: { from: '2014-04-01' } }))),
];

/** The fields of the 422 a check throws. */
function refusal(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError && error.status === 422) return error.issues.map((i) => i.field);
    throw error;
  }
  throw new Error('expected a 422');
}
const check = (d: Doc, prefix = '') => checkCandidate(JSON.stringify(d), families, loaded, prefix);

describe('a candidate rule set', () => {
  it('is refused naming the JSON pointer of what the rule-set schema refuses', () => {
    const bad = doc({ rules: [rule('a'), rule('b', { conditions: { all: [{ fact: 'score', operator: 'roughly', value: 1 }] } })] });
    expect(refusal(() => check(bad))).toEqual(['/rules/1/conditions/all/0/operator']);
    expect(refusal(() => check(bad, '/to'))).toEqual(['/to/rules/1/conditions/all/0/operator']);
    expect(refusal(() => check(doc({ version: 'one' })))).toEqual(['/version']);
    // A condition without a value is named down to the missing field, inside the union of condition shapes.
    const noValue = doc({
      rules: [
        rule('a'),
        rule('b', {
          conditions: {
            all: [
              { fact: 'x', operator: 'equal', value: 1 },
              { fact: 'score', operator: 'greaterThan' },
            ],
          },
        }),
      ],
    });
    expect(refusal(() => check(noValue))).toEqual(['/rules/1/conditions/all/1/value']);
  });

  it('names an unknown family, and a parameter its decider could not read', () => {
    expect(refusal(() => check(doc({ family: 'other' })))).toEqual(['/family']);
    expect(refusal(() => check(doc({ parameters: { perHead: -1 } })))).toEqual(['/parameters/perHead']);
  });

  it('replaces the version of its id, and overlaps another only with a changeReason', () => {
    const replacing = check(doc({ version: '1.1.0' }));
    expect(inForceFor(replacing, '2013')).toBe(true);
    expect(inForceFor(replacing, '2014')).toBe(false);
    expect(refusal(() => check(doc({ id: 'toy-2013-revised' })))).toEqual(['/effective/from']);
    // Starting in-year, it is in force from its first day only: a year dated 1 April 2013 keeps the version in force then.
    const early = check(doc({ id: 'toy-2013-revised', effective: { from: '2013-10-01', to: '2014-03-31' }, changeReason: 'in-year change agreed' }));
    expect([inForceFor(early, '2013'), inForceFor(early, '2014')]).toEqual([false, false]);
    const whole = check(doc({ id: 'toy-2013-revised', changeReason: 'the year judged again' }));
    expect([inForceFor(whole, '2013'), inForceFor(whole, '2014')]).toEqual([true, false]);
    expect(refusal(() => check(doc({ effective: { from: '2013-04-01', to: '2014-06-30' } })))).toEqual(['/effective/to']);
  });

  it('refuses a day not in the calendar as itself, before any overlap it would seem to make', () => {
    const messageOf = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        return (error as DomainError).issues[0]?.message;
      }
      return undefined;
    };
    // Read as text, 2013-02-30 would start before toy-2013 and run into it (an overlap on /effective/to).
    const badStart = doc({ id: 'toy-2012', effective: { from: '2013-02-30', to: '2014-03-31' } });
    expect(refusal(() => check(badStart))).toEqual(['/effective/from']);
    expect(messageOf(() => check(badStart))).toMatch(/real calendar date/);
    expect(refusal(() => check(doc({ version: '1.1.0', effective: { from: '2013-04-01', to: '2014-02-30' } })))).toEqual(['/effective/to']);
    expect(refusal(() => check(doc({ version: '1.1.0', effective: { from: '2013-02-29' } }), '/to'))).toEqual(['/to/effective/from']);
  });

  it("names a rule's pointer for an event param its decider refuses when it meets facts", () => {
    const { set } = check(doc());
    const error = new FamilyDefinitionError('toy', 'rule "b": finding event params invalid', { rule: 'b', path: ['event', 'params', 'weight'] });
    expect(candidateRunProblem(error, set.document, 'evaluating 00C 2013').issues[0].field).toBe('/rules/1/event/params/weight');
    expect(candidateRunProblem(new Error('rule "a": event type "x" is not folded'), set.document, 'here').issues[0].field).toBe('/rules/0');
    expect(candidateRunProblem(new Error('something else'), set.document, 'here').issues[0].field).toBe('(candidate)');
  });
});
