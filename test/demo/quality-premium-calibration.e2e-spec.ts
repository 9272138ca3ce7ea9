// The demo's synthetic Quality Premium facts against the real 2013 register: a national run
// through the 2013/14 rules lands near the real outcome (the calibration the demo's summary
// prints beside it). The register is data outside this repository, so this runs in the e2e tier
// with the rest that needs it, not among the unit tests.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseEnv } from '../../src/config/env.js';
import { syntheticQualityPremiumFacts } from '../../src/demo/quality-premium/synthetic-facts.js';
import { qualityPremiumFactsSchema } from '../../src/quality-premium/quality-premium.facts.js';
import { qualityPremiumFamily } from '../../src/quality-premium/quality-premium.family.js';
import { RuleSetRunner } from '../../src/rules/rule-engine.js';
import { parseRuleSet } from '../../src/rules/rule-set.loader.js';

const root = resolve(__dirname, '../..');
const ruleSet = parseRuleSet(
  'quality-premium/qp-2013-14.json',
  readFileSync(resolve(root, 'rules/quality-premium/qp-2013-14.json'), 'utf8'),
).document;

/** The real 2013 register (not committed here), where the application reads it: `CCG_REGISTER`
 *  or its default. The e2e tier needs it, as the application does: a missing file fails here,
 *  naming the setting. */
const registerPath = parseEnv().CCG_REGISTER;

describe('a national run over the 2013 register (synthetic facts)', () => {
  it('lands near the real 2013/14 picture', async () => {
    if (!existsSync(registerPath)) throw new Error(`CCG register not found at ${registerPath}: set CCG_REGISTER`);
    const rows = parse<Record<string, string>>(readFileSync(registerPath, 'utf8'), { columns: true, skip_empty_lines: true });
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
      const engineFacts = qualityPremiumFamily.engineFacts(f, { subject: ccg.odsCode, period: '2013/14', ccg }, ruleSet);
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
