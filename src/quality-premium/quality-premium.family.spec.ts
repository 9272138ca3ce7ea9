import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseRuleSet } from '../rules/rule-set.loader.js';
import type { RuleSetDocument } from '../rules/rule-set.schema.js';
import type { QualityPremiumOutcome } from './quality-premium.decider.js';
import { FamilyProblemsError, templateFor } from '../rules/rule-family.js';
import { allAchieved201314 } from './quality-premium.examples.js';
import { qualityPremiumFactsSchema, type QualityPremiumFacts } from './quality-premium.facts.js';
import { qualityPremiumFamily as family, scoredMeasures } from './quality-premium.family.js';

const load = (id: string): RuleSetDocument =>
  parseRuleSet(`quality-premium/${id}.json`, readFileSync(resolve(__dirname, `../../rules/quality-premium/${id}.json`), 'utf8')).document;
const qp1314 = load('qp-2013-14');
const qp1415 = load('qp-2014-15');

const ccg = {
  odsCode: '99X',
  name: 'NHS Example CCG',
  areaTeamName: 'Example',
  regionName: 'North of England',
  registeredPop2013: 200_000,
  registeredPop2014: null,
};

/** The shared example with one local measure missed. */
const base = (): QualityPremiumFacts => {
  const facts = allAchieved201314();
  facts.measures.L3 = { description: 'Stroke care', met: false };
  return qualityPremiumFactsSchema.parse(facts);
};

describe('Quality Premium family', () => {
  it('reads financial years and picks the rule set in force on 1 April', () => {
    expect(family.periodSchema.safeParse('2013/14').success).toBe(true);
    expect(family.periodSchema.safeParse('1999/00').success).toBe(false);
    expect(family.periodSchema.safeParse('0000/01').success).toBe(false);
    expect(family.periodSchema.safeParse('2013/15').success).toBe(false);
    expect(family.periodSchema.safeParse('2013-14').success).toBe(false);
    expect(family.periodDate('2013/14')).toBe('2013-04-01');
    expect(family.periodDate('2014/15')).toBe('2014-04-01');
  });

  it('names its templates by outcome key', () => {
    expect(templateFor(family, 'payable')).toBe('quality-premium/payment-statement');
    expect(templateFor(family, 'not-payable')).toBe('quality-premium/non-payment-notice');
    expect(() => templateFor(family, 'maybe')).toThrow('quality-premium: no template for outcome key "maybe"');
  });

  it('derives the measures to score from the rule set', () => {
    expect([...scoredMeasures(qp1314).keys()]).toEqual(['N1', 'N2', 'N3', 'N4', 'L1', 'L2', 'L3']);
    expect(scoredMeasures(qp1314).get('N4')).toEqual(['cdiffCases', 'cdiffThreshold', 'mrsaCases']);
    expect([...scoredMeasures(qp1415).keys()]).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'L1']);
  });

  it.each([qp1314, qp1415])('$id: measure weights add up to exactly 1', (ruleSet) => {
    const bp = ruleSet.rules
      .filter((r) => r.event.type === 'measure')
      .reduce((sum, r) => sum + Math.round(Number(r.event.params.weight) * 10_000), 0);
    expect(bp).toBe(10_000);
  });

  describe('checkFacts', () => {
    it('accepts complete facts', () => {
      expect(family.checkFacts?.(base(), qp1314)).toEqual([]);
    });

    it('names each missing value of a measure the rule set scores', () => {
      const f = base();
      f.measures.N2 = {};
      delete f.measures.N4;
      expect(family.checkFacts?.(f, qp1314).map((p) => p.path)).toEqual([
        'measures.N2.emergencyAdmissionsChangePct',
        'measures.N4.cdiffCases',
        'measures.N4.cdiffThreshold',
        'measures.N4.mrsaCases',
      ]);
    });

    it('accepts a measure marked not assessed', () => {
      const f = base();
      f.measures.N2 = { notAssessed: true, reason: 'Indicator suppressed for small numbers' };
      expect(family.checkFacts?.(f, qp1314)).toEqual([]);
    });

    it('rejects measures of another scheme', () => {
      const problems = family.checkFacts?.(base(), qp1415).map((p) => p.path) ?? [];
      expect(problems).toEqual(expect.arrayContaining(['measures.M1.pyllReductionPct', 'measures.N1', 'measures.L2']));
      expect(problems).not.toContain('measures.L1');
    });
  });

  describe('engineFacts', () => {
    it('flattens facts to dotted names and takes the population from the register', () => {
      const facts = family.engineFacts(base(), { subject: ccg.odsCode, period: '2013/14', ccg }, qp1314);
      expect(facts).toMatchObject({
        'gateways.financial.unplannedDeficit': false,
        'measures.N4.cdiffThreshold': 48,
        'measures.L1.description': 'Dementia diagnosis rate',
        'standards.ae4HoursPct': 95.6,
        population: 200_000,
        populationSource: 'registered_pop_2013_q1',
      });
    });

    it('prefers a population carried by the facts', () => {
      expect(family.engineFacts({ ...base(), population: 123_456 }, { subject: ccg.odsCode, period: '2013/14', ccg }, qp1314)).toMatchObject({
        population: 123_456,
        populationSource: 'facts',
      });
    });

    it('reports a missing population as a fact problem', () => {
      // qp-2014-15 uses the 2014 list, which this CCG lacks; no CCG context at all is the same.
      for (const [ctx, rs] of [
        [{ subject: ccg.odsCode, period: '2014/15', ccg }, qp1415],
        [{ subject: ccg.odsCode, period: '2013/14' }, qp1314],
      ] as const) {
        try {
          family.engineFacts(base(), ctx, rs);
          throw new Error('expected a problem');
        } catch (e) {
          expect(e).toBeInstanceOf(FamilyProblemsError);
          expect((e as FamilyProblemsError).problems.map((p) => p.field)).toEqual(['facts.population']);
        }
      }
    });
  });

  describe('override', () => {
    const proposed = {
      key: 'payable',
      outcome: { maximumPence: 100_000_000, payablePence: 56_250_000, payableFraction: 0.5625 } as QualityPremiumOutcome,
    };

    it('accepts only a whole, non-negative payablePence', () => {
      expect(family.overrideSchema.safeParse({ payablePence: 1 }).success).toBe(true);
      expect(family.overrideSchema.safeParse({ payablePence: -1 }).success).toBe(false);
      expect(family.overrideSchema.safeParse({ payablePence: 1.5 }).success).toBe(false);
      expect(family.overrideSchema.safeParse({ payablePence: 1, key: 'payable' }).success).toBe(false);
    });

    it('replaces the amount, recomputes fraction and key, and keeps what the engine said', () => {
      const { maximumPence: max, payablePence: rules, payableFraction: rulesShare } = proposed.outcome;
      const down = family.override(proposed, { payablePence: 0 });
      expect(down).toEqual({
        key: 'not-payable',
        outcome: expect.objectContaining({
          payablePence: 0,
          payableFraction: 0,
          notPayableBecause: 'override',
          overriddenFrom: { payablePence: rules, payableFraction: rulesShare, differencePence: -rules, differenceFraction: -rules / max },
        }),
      });
      // Set again: the rules' figures stay the reference, the difference is from them.
      const set = 75_000_000;
      const up = family.override(down, { payablePence: set });
      expect(up.key).toBe('payable');
      expect(up.outcome).toMatchObject({
        payableFraction: set / max,
        overriddenFrom: { payablePence: rules, payableFraction: rulesShare, differencePence: set - rules, differenceFraction: (set - rules) / max },
      });
      expect(up.outcome.notPayableBecause).toBeUndefined();
    });

    it("adds up: the rules' amount plus the difference is the amount set, in pence and in shares of the maximum", () => {
      // 123,457 people at £5: a maximum that does not divide evenly, and an amount set to the penny.
      const max = 123_457 * 500;
      const rulesShare = 0.875 * 0.75;
      const rules = Math.floor(max * rulesShare);
      const engine = { key: 'payable', outcome: { maximumPence: max, payablePence: rules, payableFraction: rulesShare } as QualityPremiumOutcome };
      const set = 25_000_001;
      const { outcome } = family.override(engine, { payablePence: set });
      const from = outcome.overriddenFrom!;
      expect(from).toEqual({
        payablePence: rules,
        payableFraction: rulesShare,
        differencePence: set - rules,
        differenceFraction: (set - rules) / max,
      });
      expect(from.payablePence + from.differencePence).toBe(outcome.payablePence);
      expect(from.payablePence / max + from.differenceFraction).toBeCloseTo(outcome.payableFraction, 12);
    });

    it('refuses more than the maximum', () => {
      expect(() => family.override(proposed, { payablePence: 100_000_001 })).toThrow(FamilyProblemsError);
    });
  });
});
