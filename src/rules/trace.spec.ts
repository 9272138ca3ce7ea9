import { RuleSetRunner } from './rule-engine.js';
import { ruleSetSchema } from './rule-set.schema.js';
import { compactTraces, expandTraces } from './trace.js';

// What test/rules/trace.spec.ts does not cover, on a tiny inline rule set: where each condition
// sits in the tree, thresholds that name a fact, conditions never evaluated, and stored traces
// that no longer match their rule set.

const params = (n: number) => ({ citation: `toy guide §${n}`, reason: `Rule ${n} holds when its conditions do.` });

const ruleSet = ruleSetSchema.parse({
  family: 'toy',
  id: 'toy-2013',
  version: '1.0.0',
  title: 'Toy rules',
  effective: { from: '2013-04-01' },
  source: 'the toy guide',
  rules: [
    {
      name: 'nested',
      conditions: {
        all: [
          { fact: 'score', operator: 'greaterThan', value: { fact: 'limit' } },
          {
            any: [
              { fact: 'colour', operator: 'equal', value: 'red' },
              { fact: 'evidence', operator: 'isDefined', value: true },
            ],
          },
          { not: { fact: 'waived', operator: 'equal', value: true } },
        ],
      },
      event: { type: 'finding', params: params(1) },
    },
    {
      // The first condition runs first (higher priority) and fails, so the engine never evaluates the second.
      name: 'short-circuit',
      conditions: {
        all: [
          { fact: 'score', operator: 'lessThan', value: 0, priority: 10 },
          { fact: 'colour', operator: 'equal', value: 'red', priority: 1 },
        ],
      },
      event: { type: 'finding', params: params(2) },
    },
    {
      name: 'by path',
      conditions: { all: [{ fact: 'measure', path: '$.value', operator: 'greaterThanInclusive', value: 3 }] },
      event: { type: 'finding', params: params(3) },
    },
  ],
});

const facts = { score: 5, limit: 4, colour: 'blue', waived: false, measure: { value: 3 } };

describe('rule traces', () => {
  it('name each leaf by its place in the tree, with the threshold as written and as resolved', async () => {
    const [nested] = await new RuleSetRunner(ruleSet).run(facts);
    expect(nested).toMatchObject({ name: 'nested', priority: 1, result: false, event: { type: 'finding', params: params(1) } });
    expect(nested.conditions).toEqual([
      { at: 'all[0]', fact: 'score', operator: 'greaterThan', threshold: { fact: 'limit' }, thresholdValue: 4, value: 5, result: true },
      { at: 'all[1].any[0]', fact: 'colour', operator: 'equal', threshold: 'red', thresholdValue: 'red', value: 'blue', result: false },
      // An absent fact is traced as null.
      { at: 'all[1].any[1]', fact: 'evidence', operator: 'isDefined', threshold: true, thresholdValue: true, value: null, result: false },
      { at: 'all[2].not', fact: 'waived', operator: 'equal', threshold: true, thresholdValue: true, value: false, result: false },
    ]);
  });

  it('say null, not false, for a condition the engine never evaluated', async () => {
    const [, shortCircuit] = await new RuleSetRunner(ruleSet).run(facts);
    expect(shortCircuit.result).toBe(false);
    expect(shortCircuit.conditions.map((c) => [c.at, c.result, c.value])).toEqual([
      ['all[0]', false, 5],
      ['all[1]', null, null],
    ]);
  });

  it('keep the path a condition reads', async () => {
    const [, , byPath] = await new RuleSetRunner(ruleSet).run(facts);
    expect(byPath).toMatchObject({ result: true, conditions: [{ at: 'all[0]', fact: 'measure', path: '$.value', value: 3, result: true }] });
  });
});

describe('stored traces', () => {
  it('round-trip through JSON to the traces the engine gave, without the rule set’s params in storage', async () => {
    const traces = await new RuleSetRunner(ruleSet).run(facts);
    const stored: unknown = JSON.parse(JSON.stringify(compactTraces(traces)));
    expect(JSON.stringify(stored)).not.toContain('toy guide');
    expect(expandTraces(stored, ruleSet)).toEqual(JSON.parse(JSON.stringify(traces)));
  });

  it('give a rule no longer in the rule set empty params, and read anything but a list as no traces', async () => {
    const traces = compactTraces(await new RuleSetRunner(ruleSet).run(facts));
    const renamed = [{ ...traces[0], name: 'since renamed' }];
    expect(expandTraces(renamed, ruleSet)[0].event).toEqual({ type: 'finding', params: {} });
    for (const stored of [null, undefined, {}, 'traces']) expect(expandTraces(stored, ruleSet)).toEqual([]);
  });
});
