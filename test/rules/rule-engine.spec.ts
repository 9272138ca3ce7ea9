import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { qualityPremiumFamily } from '../../src/quality-premium/quality-premium.family.js';
import { allAchieved201314 } from '../../src/quality-premium/quality-premium.examples.js';
import { RuleSetRunner, RunnerCache } from '../../src/rules/rule-engine.js';
import { parseRuleSet } from '../../src/rules/rule-set.loader.js';

const qp = parseRuleSet('quality-premium/qp-2013-14.json', readFileSync(resolve(__dirname, '../../rules/quality-premium/qp-2013-14.json'), 'utf8'));
const ccg = { odsCode: '99X', name: 'NHS Example CCG', areaTeamName: 'A', regionName: 'R', registeredPop2013: 200_000, registeredPop2014: null };
const facts = qualityPremiumFamily.engineFacts(
  qualityPremiumFamily.factsSchema.parse({ population: 200_000, ...allAchieved201314() }),
  { subject: ccg.odsCode, period: '2013/14', ccg },
  qp.document,
);

/** Starts `count` runs in groups of eight, each a few microtasks after the one before, the way
 *  concurrent worker jobs start; runs started in the same tick would not overlap mid-run. */
async function staggered<T>(count: number, start: () => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  const runs: Promise<T>[] = [];
  for (let i = 0; i < count; i++) {
    for (let tick = 0; tick < i % 8; tick++) await Promise.resolve();
    runs.push(start());
  }
  return Promise.allSettled(runs);
}

describe('rule engine under concurrent runs', () => {
  it('has several priority levels in the rule set used here (else the race cannot show)', () => {
    expect(new Set(qp.document.rules.map((r) => r.priority ?? 1)).size).toBeGreaterThan(1);
  });

  it('gives every staggered run on one cached rule set every rule, with the same traces as a lone run', async () => {
    const lone = await new RuleSetRunner(qp.document).run(facts);
    const cache = new RunnerCache();
    const settled = await staggered(400, () => cache.get(qp.hash, qp.document).run(facts));
    const failed = settled.filter((s) => s.status === 'rejected');
    expect(failed.map((f) => String(f.reason))).toEqual([]);
    for (const s of settled) expect((s as PromiseFulfilledResult<unknown>).value).toEqual(lone);
    // Overlapping runs used several Engines; sequential runs reuse one.
    expect(cache.get(qp.hash, qp.document).engines).toBeGreaterThan(1);
  });

  it('reuses one Engine for runs that do not overlap', async () => {
    const runner = new RuleSetRunner(qp.document);
    for (let i = 0; i < 5; i++) await runner.run(facts);
    expect(runner.engines).toBe(1);
  });
});
