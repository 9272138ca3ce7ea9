import { allAchieved201314 } from './quality-premium.examples.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { RuleSetRunner } from '../rules/rule-engine.js';
import type { CcgContext, SubjectContext } from '../rules/rule-family.js';
import { parseRuleSet } from '../rules/rule-set.loader.js';
import type { RuleSetDocument } from '../rules/rule-set.schema.js';
import { ExactFraction } from './exact-fraction.js';
import { decideQualityPremium } from './quality-premium.decider.js';
import { qualityPremiumFactsSchema, type QualityPremiumFacts } from './quality-premium.facts.js';
import { qualityPremiumFamily } from './quality-premium.family.js';

const load = (id: string): RuleSetDocument =>
  parseRuleSet(`quality-premium/${id}.json`, readFileSync(resolve(__dirname, `../../rules/quality-premium/${id}.json`), 'utf8')).document;
const qp1314 = load('qp-2013-14');
const runner1314 = new RuleSetRunner(qp1314);

const ccg: CcgContext = {
  odsCode: '99X',
  name: 'NHS Example CCG',
  areaTeamName: 'Example Area Team',
  regionName: 'North of England',
  registeredPop2013: 200_000,
  registeredPop2014: 201_000,
};

const allAchieved = allAchieved201314;

async function evaluate(
  facts: QualityPremiumFacts,
  ruleSet = qp1314,
  runner = runner1314,
  context: SubjectContext = { subject: ccg.odsCode, period: ruleSet === qp1314 ? '2013/14' : '2014/15', ccg },
) {
  const parsed = qualityPremiumFactsSchema.parse(facts);
  expect(qualityPremiumFamily.checkFacts?.(parsed, ruleSet)).toEqual([]);
  const engineFacts = qualityPremiumFamily.engineFacts(parsed, context, ruleSet);
  const rules = await runner.run(engineFacts);
  return decideQualityPremium({ engineFacts, rules, ruleSet });
}

describe('Quality Premium decider: worked checks of the domain file', () => {
  it('pays the whole maximum when everything is achieved and met', async () => {
    const { key, outcome } = await evaluate(allAchieved());
    expect(key).toBe('payable');
    expect(outcome).toMatchObject({
      eligible: true,
      gatewaysFailed: [],
      population: 200_000,
      populationSource: 'registered_pop_2013_q1',
      maximumPence: 100_000_000,
      earnedFraction: 1,
      standardsMissed: [],
      reductionFraction: 0,
      payableFraction: 1,
      payablePence: 100_000_000,
      reasons: [],
    });
    expect(outcome.notPayableBecause).toBeUndefined();
  });

  it('pays 56.25 % (£562,500) when N2 and A&E are missed', async () => {
    const facts = allAchieved();
    facts.measures.N2 = { emergencyAdmissionsChangePct: 1.4 };
    facts.standards.ae4HoursPct = 93.9;
    const { key, outcome } = await evaluate(facts);
    expect(key).toBe('payable');
    expect(outcome.earnedFraction).toBe(0.75);
    expect(outcome.reductionFraction).toBe(0.25);
    expect(outcome.payableFraction).toBe(0.5625);
    expect(outcome.payablePence).toBe(56_250_000);
    expect(outcome.standardsMissed).toEqual(['ae4h']);
    expect(outcome.measures.find((m) => m.id === 'N2')).toMatchObject({ achieved: false, value: 1.4, threshold: 0, weight: 0.25 });
    expect(outcome.reasons.map((r) => `${r.kind}:${r.id}`)).toEqual(['measure:N2', 'standard:ae4h']);
  });

  it.each([
    ['quality', (f: QualityPremiumFacts) => (f.gateways.quality = { seriousFailure: true, reference: 'QF-2014-001' })],
    ['financial', (f: QualityPremiumFacts) => (f.gateways.financial.unplannedDeficit = true)],
    ['audit', (f: QualityPremiumFacts) => (f.gateways.audit.qualifiedOpinion = true)],
  ])('pays nothing when the %s gateway fails, whatever else', async (gateway, fail) => {
    const facts = allAchieved();
    fail(facts);
    const { key, outcome } = await evaluate(facts);
    expect(key).toBe('not-payable');
    expect(outcome).toMatchObject({ eligible: false, gatewaysFailed: [gateway], payablePence: 0, payableFraction: 0, notPayableBecause: 'gateway' });
    expect(outcome.earnedFraction).toBe(1);
    expect(outcome.reasons).toEqual([expect.objectContaining({ kind: 'gateway', id: gateway, citation: expect.stringContaining('SI 2013/474') })]);
  });

  it('pays nothing when all measures are achieved but all four standards are missed, and says why', async () => {
    const facts = allAchieved();
    facts.standards = { rtt18WeeksIncompletePct: 90, ae4HoursPct: 91, cancer62DaysPct: 80, ambulanceRed1Pct: 70 };
    const { key, outcome } = await evaluate(facts);
    expect(key).toBe('not-payable');
    expect(outcome).toMatchObject({ eligible: true, earnedFraction: 1, reductionFraction: 1, payablePence: 0, notPayableBecause: 'reductions' });
    expect(outcome.standardsMissed).toEqual(['rtt18w', 'ae4h', 'cancer62d', 'ambulanceRed1']);
    expect(outcome.reasons).toHaveLength(4);
  });
});

describe('Quality Premium decider: details', () => {
  it('shows the gateway reference of a quality failure', async () => {
    const facts = allAchieved();
    facts.gateways.quality = { seriousFailure: true, reference: 'NHSCB/QF/2014/017' };
    const { outcome } = await evaluate(facts);
    expect(outcome.gateways[0]).toEqual({
      id: 'quality',
      title: expect.any(String),
      passed: false,
      reference: 'NHSCB/QF/2014/017',
      test: 'no serious quality failure in the year',
      failedOn: 'serious quality failure in the year: yes',
    });
  });

  it('counts a measure not assessed as not achieved and shows why', async () => {
    const facts = allAchieved();
    facts.measures.N1 = { notAssessed: true, reason: 'ONS mortality data for the CCG not yet published' };
    const { outcome } = await evaluate(facts);
    expect(outcome.earnedFraction).toBe(0.875);
    expect(outcome.measures[0]).toMatchObject({
      id: 'N1',
      achieved: false,
      value: null,
      threshold: 3.2,
      notAssessedReason: 'ONS mortality data for the CCG not yet published',
    });
    expect(outcome.payablePence).toBe(87_500_000);
  });

  it("compares C. difficile cases with the CCG's own threshold", async () => {
    const facts = allAchieved();
    facts.measures.N4 = { mrsaCases: 0, cdiffCases: 49, cdiffThreshold: 48 };
    const { outcome } = await evaluate(facts);
    expect(outcome.measures.find((m) => m.id === 'N4')).toMatchObject({ achieved: false, value: 49, threshold: 48 });
  });

  it('uses a population carried by the facts and says so', async () => {
    const facts = { ...allAchieved(), population: 190_123 };
    const { outcome } = await evaluate(facts);
    expect(outcome).toMatchObject({ population: 190_123, populationSource: 'facts', maximumPence: 95_061_500, payablePence: 95_061_500 });
  });

  it('floors to the penny exactly', async () => {
    const facts = { ...allAchieved(), population: 33_333 };
    facts.measures.N2 = { emergencyAdmissionsChangePct: 0.1 };
    facts.standards.ae4HoursPct = 90;
    facts.standards.cancer62DaysPct = 80;
    // 16,666,500 × 0.75 × 0.5 = 6,249,937.5 → 6,249,937 pence.
    const { outcome } = await evaluate(facts);
    expect(outcome.payablePence).toBe(6_249_937);
  });

  it("states each measure's whole test from the rule set's conditions, and the part that failed", async () => {
    // A rule set whose N4 asks for fewer MRSA cases than the published one: the words follow it.
    const stricter = structuredClone(qp1314);
    const n4 = stricter.rules.find((r) => r.event.params.measure === 'N4')!;
    const conditions = (n4.conditions as { all: { fact: string; operator: string; value: unknown }[] }).all;
    conditions.push({ fact: 'measures.N4.cdiffCases', operator: 'greaterThanInclusive', value: 5 });
    const facts = allAchieved();
    const cdiff = 3;
    facts.measures.N4 = { mrsaCases: 0, cdiffCases: cdiff, cdiffThreshold: 48 };
    facts.measures.N3 = { fftRolledOutOnTime: false, fftScoreChange: 1.3 };
    const { outcome } = await evaluate(facts, stricter, new RuleSetRunner(stricter));
    const measure = (id: string) => outcome.measures.find((m) => m.id === id)!;
    expect(measure('N4').test).toBe(
      `C. difficile cases at most the CCG's C. difficile threshold (48), no MRSA bacteraemia cases and C. difficile cases at least 5`,
    );
    expect(measure('N4').failedOn).toBe(`C. difficile cases: ${cdiff}, below 5`);
    expect(measure('N3').failedOn).toBe('Friends and Family Test rolled out on time by every relevant provider: no');
    expect(measure('N3').checks.map((c) => [c.actual, c.met])).toEqual([
      ['1.3', true],
      ['no', false],
    ]);
    expect(measure('N1').failedOn).toBeUndefined();
  });

  it('says what reduced the premium from the facts, the threshold and the reduction, keeping the rule and its citation', async () => {
    const facts = allAchieved();
    facts.standards.ae4HoursPct = 93.1;
    const ae = qp1314.rules.find((r) => r.event.params.standard === 'ae4h')!;
    const { outcome } = await evaluate(facts);
    expect(outcome.reasons).toEqual([
      {
        kind: 'standard',
        id: 'ae4h',
        reason: `A&E patients admitted, transferred or discharged within four hours: 93.1%, below the 95% standard; the amount earned is reduced by ${Number(ae.event.params.reduction) * 100}%.`,
        rule: ae.event.params.reason,
        citation: ae.event.params.citation,
      },
    ]);
    expect(outcome.standards.find((s) => s.id === 'ae4h')).toMatchObject({
      actual: '93.1%',
      finding: expect.stringContaining('below the 95% standard'),
    });
  });

  it('rejects an event type it does not know', () => {
    const ruleSet = { ...qp1314 };
    expect(() =>
      decideQualityPremium({
        engineFacts: { population: 1, populationSource: 'facts' },
        rules: [{ name: 'x', priority: 1, result: true, event: { type: 'bonus', params: {} }, conditions: [] }],
        ruleSet,
      }),
    ).toThrow(/event type "bonus"/);
  });
});

describe('ExactFraction', () => {
  it('reads decimals as written and multiplies without float drift', () => {
    const w = ExactFraction.fromDecimal(0.15);
    const sum = w.plus(w).plus(w);
    expect(sum.num).toBe(9n);
    expect(sum.den).toBe(20n);
    expect(ExactFraction.fromDecimal(0.75).times(ExactFraction.fromDecimal(0.75)).floorOf(100_000_000)).toBe(56_250_000);
    expect(ExactFraction.fromDecimal(1e-7).den).toBe(10_000_000n);
    expect(ExactFraction.fromDecimal(0.25).plus(ExactFraction.fromDecimal(1)).complement().isZero()).toBe(true);
  });
});

describe('Quality Premium decider: properties', () => {
  const pct = fc.double({ min: 0, max: 100, noNaN: true });
  const change = fc.double({ min: -100, max: 100, noNaN: true });
  const local = fc.oneof(
    fc.record({ description: fc.constant('Agreed local improvement'), met: fc.boolean() }),
    fc.constant({ notAssessed: true as const, reason: 'No measure was agreed in time' }),
  );
  const factsArb: fc.Arbitrary<QualityPremiumFacts> = fc.record({
    population: fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: undefined }),
    gateways: fc.record({
      quality: fc.oneof(fc.constant({ seriousFailure: false }), fc.constant({ seriousFailure: true, reference: 'QF-0001' })),
      financial: fc.record({ overspentResourceLimit: fc.boolean(), unplannedDeficit: fc.boolean(), unplannedFinancialSupport: fc.boolean() }),
      audit: fc.record({ qualifiedOpinion: fc.boolean() }),
    }),
    measures: fc.record({
      N1: fc.record({ pyllReductionPct: change }),
      N2: fc.record({ emergencyAdmissionsChangePct: change }),
      N3: fc.record({ fftRolledOutOnTime: fc.boolean(), fftScoreChange: change }),
      N4: fc.record({ mrsaCases: fc.nat(5), cdiffCases: fc.nat(200), cdiffThreshold: fc.nat(200) }),
      L1: local,
      L2: local,
      L3: local,
    }),
    standards: fc.record({ rtt18WeeksIncompletePct: pct, ae4HoursPct: pct, cancer62DaysPct: pct, ambulanceRed1Pct: pct }),
  });

  it('never pays below zero or above the maximum, and pays nothing when a gateway failed', async () => {
    await fc.assert(
      fc.asyncProperty(factsArb, async (facts) => {
        const { key, outcome } = await evaluate(JSON.parse(JSON.stringify(facts)) as QualityPremiumFacts);
        expect(Number.isInteger(outcome.payablePence)).toBe(true);
        expect(outcome.payablePence).toBeGreaterThanOrEqual(0);
        expect(outcome.payablePence).toBeLessThanOrEqual(outcome.maximumPence);
        if (outcome.gatewaysFailed.length > 0) expect(outcome.payablePence).toBe(0);
        expect(key).toBe(outcome.payablePence > 0 ? 'payable' : 'not-payable');
      }),
      { numRuns: 300 },
    );
  });
});
