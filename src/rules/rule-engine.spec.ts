import { RuleSetRunner, RunnerCache } from './rule-engine.js';
import { ruleSetSchema } from './rule-set.schema.js';

// The engine cache on tiny inline rule sets (test/rules/rule-engine.spec.ts runs a real rule set
// under overlapping runs).

const ruleSet = (threshold: number) =>
  ruleSetSchema.parse({
    family: 'toy',
    id: 'toy-2013',
    version: '1.0.0',
    title: 'Toy rules',
    effective: { from: '2013-04-01' },
    source: 'the toy guide',
    rules: [
      // File order differs from priority order: traces still come in file order.
      {
        name: 'low',
        priority: 1,
        conditions: { all: [{ fact: 'score', operator: 'greaterThan', value: threshold }] },
        event: { type: 'finding', params: { citation: 'toy guide §1', reason: 'Low priority, first in the file.' } },
      },
      {
        name: 'high',
        priority: 9,
        conditions: { all: [{ fact: 'day', operator: 'dateBefore', value: '2013-10-01' }] },
        event: { type: 'finding', params: { citation: 'toy guide §2', reason: 'High priority, second in the file.' } },
      },
    ],
  });

describe('RuleSetRunner', () => {
  it('traces every rule, passed or failed, in file order, with the custom operators available', async () => {
    const traces = await new RuleSetRunner(ruleSet(3)).run({ score: 2, day: '2013-06-30' });
    expect(traces.map((t) => [t.name, t.priority, t.result])).toEqual([
      ['low', 1, false],
      ['high', 9, true],
    ]);
  });

  it('hands each trace the rule set’s own params object, not a copy', async () => {
    const set = ruleSet(3);
    const [low, high] = await new RuleSetRunner(set).run({ score: 4, day: '2014-01-01' });
    expect(low.event.params).toBe(set.rules[0].event.params);
    expect(high.event.params).toBe(set.rules[1].event.params);
  });

  it('builds a second Engine only for a run that overlaps another', async () => {
    const runner = new RuleSetRunner(ruleSet(3));
    await runner.run({ score: 4 });
    await runner.run({ score: 4 });
    expect(runner.engines).toBe(1);
    await Promise.all([runner.run({ score: 4 }), runner.run({ score: 1 })]);
    expect(runner.engines).toBe(2);
  });
});

describe('RunnerCache', () => {
  it('keeps one runner per rule-set hash, whatever document comes with a known hash', async () => {
    const cache = new RunnerCache();
    const strict = ruleSet(3);
    const first = cache.get('hash-a', strict);
    expect(cache.get('hash-a', ruleSet(100))).toBe(first);
    expect(cache.get('hash-a', strict).ruleSet).toBe(strict);
    const other = cache.get('hash-b', ruleSet(100));
    expect(other).not.toBe(first);
    expect(cache.size).toBe(2);
    expect((await other.run({ score: 4 }))[0].result).toBe(false);
    expect((await first.run({ score: 4 }))[0].result).toBe(true);
  });
});
