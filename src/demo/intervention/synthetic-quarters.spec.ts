import { join, resolve } from 'node:path';
import { ccgCodes } from '../../../test/support/ccg-codes.js';
import { RuleSetRunner } from '../../rules/rule-engine.js';
import { effectiveRuleSet, loadRuleSetsFrom } from '../../rules/rule-set.loader.js';
import { interventionFactsSchema } from '../../intervention/intervention.facts.js';
import { interventionFamily } from '../../intervention/intervention.family.js';
import type { StoredQuarter } from '../../intervention/intervention.history.js';
import { quarterRange, quarterStart } from '../../intervention/quarter.js';
import { profileOf, syntheticQuarterFacts } from './synthetic-quarters.js';

const root = resolve(__dirname, '../../..');
// A hundred CCG-like codes keep the unit tier quick; the e2e suite and the demo run the 211 of the register.
const register = ccgCodes(100).map((odsCode) => ({ odsCode }));
const quarters = quarterRange('2013-Q1', 8);

describe('synthetic intervention quarters', () => {
  it('are deterministic and valid, and say nothing of their provenance (the assessment does)', () => {
    for (const c of register.slice(0, 40)) {
      for (let i = 0; i < 8; i++) {
        const f = syntheticQuarterFacts(c.odsCode, i, 7);
        expect(f).toEqual(syntheticQuarterFacts(c.odsCode, i, 7));
        expect(interventionFactsSchema.parse(f)).not.toHaveProperty('provenance');
      }
    }
  });

  it('run through the rules for eight quarters, most CCGs stay at 0–1 and a few climb', async () => {
    const sets = loadRuleSetsFrom(join(root, 'rules'));
    const history = new Map<string, StoredQuarter[]>();
    const counts: number[][] = [];
    for (const [i, quarter] of quarters.entries()) {
      const set = effectiveRuleSet(sets, 'intervention', quarterStart(quarter))!;
      const runner = new RuleSetRunner(set.document);
      const row = [0, 0, 0, 0, 0, 0];
      for (const c of register) {
        const facts = syntheticQuarterFacts(c.odsCode, i, 1);
        const earlier = history.get(c.odsCode) ?? [];
        const engineFacts = interventionFamily.engineFacts(facts, { subject: c.odsCode, period: quarter, family: { earlier } }, set.document);
        const rules = await runner.run(engineFacts);
        const { outcome } = interventionFamily.decide({ engineFacts, rules, ruleSet: set.document });
        row[outcome.level] += 1;
        history.set(c.odsCode, [...earlier, { quarter, level: outcome.level, facts }]);
      }
      counts.push(row);
    }
    for (const row of counts) {
      expect(row.reduce((a, b) => a + b, 0)).toBe(register.length);
      expect(row[0] + row[1]).toBeGreaterThan(register.length * 0.6);
    }
    const last = counts[counts.length - 1];
    expect(last[2] + last[3] + last[4] + last[5]).toBeGreaterThan(0);
    expect(Math.max(...counts.map((r) => r[3] + r[4] + r[5]))).toBeGreaterThan(0);
    // Profiles are spread as designed.
    const failing = register.filter((c) => profileOf(c.odsCode, 1) === 'failing').length;
    expect(failing).toBeGreaterThan(0);
    expect(failing).toBeLessThan(register.length / 10);
    console.log(counts.map((r, i) => `${quarters[i]} ${r.join(' ')}`).join('\n'));
  });
});
