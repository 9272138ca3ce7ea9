import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { RuleSetRunner } from '../rules/rule-engine.js';
import { parseRuleSet } from '../rules/rule-set.loader.js';
import { qualityPremiumFactsSchema } from './quality-premium.facts.js';
import { qualityPremiumFamily } from './quality-premium.family.js';
import { syntheticQualityPremiumFacts } from './synthetic-facts.js';

const root = resolve(__dirname, '../..');
const ruleSet = parseRuleSet(
  'quality-premium/qp-2013-14.json',
  readFileSync(resolve(root, 'rules/quality-premium/qp-2013-14.json'), 'utf8'),
).document;

const sample = [
  { odsCode: '02N', registeredPop2013: 156293 },
  { odsCode: '09C', registeredPop2013: 123919 },
  { odsCode: '00C', registeredPop2013: 105000 },
];

describe('syntheticQualityPremiumFacts', () => {
  it('is deterministic for a seed', () => {
    expect(syntheticQualityPremiumFacts(sample, 7)).toEqual(syntheticQualityPremiumFacts(sample, 7));
  });

  it('differs between seeds', () => {
    expect(syntheticQualityPremiumFacts(sample, 7)).not.toEqual(syntheticQualityPremiumFacts(sample, 8));
  });

  it("gives a CCG the same facts whatever else is in the list", () => {
    const all = syntheticQualityPremiumFacts(sample, 42);
    const one = syntheticQualityPremiumFacts([sample[1]], 42);
    expect(one.get('09C')).toEqual(all.get('09C'));
  });

  it('produces facts the schema and the 2013/14 rule set accept, labelled synthetic', () => {
    for (const facts of syntheticQualityPremiumFacts(sample, 1).values()) {
      const parsed = qualityPremiumFactsSchema.parse(facts);
      expect(parsed.provenance).toBe('synthetic');
      expect(qualityPremiumFamily.checkFacts?.(parsed, ruleSet)).toEqual([]);
    }
  });
});

/** The real 2013 register (not committed here): `CCG_REGISTER` or the shared data folder. The
 *  test suite needs it, as the application does: a missing file fails here, naming the setting. */
const registerPath = resolve(root, process.env.CCG_REGISTER ?? '../shared/data/ccg-2013/ccg_2013_seed.csv');

describe('a national run over the 2013 register (synthetic facts)', () => {
  it('lands near the real 2013/14 picture', async () => {
    if (!existsSync(registerPath)) throw new Error(`CCG register not found at ${registerPath}: set CCG_REGISTER`);
    const rows = parse(readFileSync(registerPath, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    expect(rows).toHaveLength(211);
    const ccgs = rows.map((r) => ({
      odsCode: r.ods_code,
      name: r.name,
      areaTeamName: r.area_team_name,
      regionName: r.region_name,
      registeredPop2013: Number(r.registered_pop_2013_q1),
      registeredPop2014: r.registered_pop_2014_q4 ? Number(r.registered_pop_2014_q4) : null,
    }));
    const facts = syntheticQualityPremiumFacts(ccgs, 2013);
    const runner = new RuleSetRunner(ruleSet);
    let paid = 0;
    let maximum = 0;
    let zero = 0;
    let best = 0;
    for (const ccg of ccgs) {
      const f = qualityPremiumFactsSchema.parse(facts.get(ccg.odsCode));
      const engineFacts = qualityPremiumFamily.engineFacts(f, { ccg }, ruleSet);
      const rules = await runner.run(engineFacts);
      const { outcome } = qualityPremiumFamily.decide({ engineFacts, rules, ruleSet });
      paid += outcome.payablePence;
      maximum += outcome.maximumPence;
      if (outcome.payablePence === 0) zero++;
      best = Math.max(best, outcome.payablePence / outcome.maximumPence);
    }
    const share = paid / maximum;
    // Printed so the calibration can be compared with the real £86.3m, 28 at zero, best 87.5 %.
    console.log(
      `synthetic 2013/14 over ${ccgs.length} CCGs: paid £${(paid / 100).toFixed(2)} of £${(maximum / 100).toFixed(2)} ` +
        `(${(share * 100).toFixed(1)} %), ${zero} at zero, best ${(best * 100).toFixed(2)} %`,
    );
    expect(maximum).toBe(500 * 56_002_534);
    expect(zero).toBeGreaterThanOrEqual(20);
    expect(zero).toBeLessThanOrEqual(40);
    expect(share).toBeGreaterThanOrEqual(0.25);
    expect(share).toBeLessThanOrEqual(0.38);
    expect(best).toBeLessThanOrEqual(1);
  });
});
