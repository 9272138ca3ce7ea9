import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseRuleSet } from '../../rules/rule-set.loader.js';
import { qualityPremiumFactsSchema } from '../../quality-premium/quality-premium.facts.js';
import { qualityPremiumFamily } from '../../quality-premium/quality-premium.family.js';
import { syntheticQualityPremiumFacts } from './synthetic-facts.js';

const root = resolve(__dirname, '../../..');
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

  it('gives a CCG the same facts whatever else is in the list', () => {
    const all = syntheticQualityPremiumFacts(sample, 42);
    const one = syntheticQualityPremiumFacts([sample[1]], 42);
    expect(one.get('09C')).toEqual(all.get('09C'));
  });

  it('produces facts the schema and the 2013/14 rule set accept, their note saying they are synthetic', () => {
    for (const facts of syntheticQualityPremiumFacts(sample, 1).values()) {
      const parsed = qualityPremiumFactsSchema.parse(facts);
      expect(parsed).not.toHaveProperty('provenance');
      expect(parsed.note).toMatch(/^Synthetic facts/);
      expect(qualityPremiumFamily.checkFacts?.(parsed, ruleSet)).toEqual([]);
    }
  });
});
