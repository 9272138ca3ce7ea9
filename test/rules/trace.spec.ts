import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { qualityPremiumFamily } from '../../src/quality-premium/quality-premium.family.js';
import { allAchieved201314 } from '../../src/quality-premium/quality-premium.examples.js';
import { RuleSetRunner } from '../../src/rules/rule-engine.js';
import { parseRuleSet } from '../../src/rules/rule-set.loader.js';
import { compactTraces, expandTraces } from '../../src/rules/trace.js';

const qp = parseRuleSet(
  'quality-premium/qp-2013-14.json',
  readFileSync(resolve(__dirname, '../../rules/quality-premium/qp-2013-14.json'), 'utf8'),
).document;
const ccg = { odsCode: '99X', name: 'NHS Example CCG', areaTeamName: 'A', regionName: 'R', registeredPop2013: 200_000, registeredPop2014: null };
const facts = qualityPremiumFamily.engineFacts(
  qualityPremiumFamily.factsSchema.parse({ population: 200_000, ...allAchieved201314() }),
  { subject: ccg.odsCode, period: '2013/14', ccg },
  qp,
);

describe('stored traces', () => {
  it('leave out the rule set’s event params and get them back, as JSON, exactly', async () => {
    const traces = await new RuleSetRunner(qp).run(facts);
    const stored = JSON.parse(JSON.stringify(compactTraces(traces)));
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(traces).length / 2);
    expect(stored.every((t: { event: object }) => !('params' in t.event))).toBe(true);
    expect(expandTraces(stored, qp)).toEqual(JSON.parse(JSON.stringify(traces)));
  });

  it('keep the params a row written before carries', async () => {
    const traces = JSON.parse(JSON.stringify(await new RuleSetRunner(qp).run(facts)));
    traces[0].event.params = { citation: 'as stored then' };
    expect(expandTraces(traces, qp)[0].event.params).toEqual({ citation: 'as stored then' });
  });
});
