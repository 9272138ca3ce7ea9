// Every CCG under every family whose subjects are CCGs, each on the synthetic facts its own
// simulation uses. (Authorisation reviews are excluded: they assess open conditions, which
// only exist once authorisation decisions have been issued.)
import { applicationFacts, simulateAuthorisationRound } from '../src/demo/authorisation/simulation.js';
import { catalogueFor } from '../src/authorisation/criteria-catalogue.js';
import { syntheticQuarterFacts } from '../src/demo/intervention/synthetic-quarters.js';
import type { CcgContext } from '../src/rules/rule-family.js';
import type { LoadedRuleSet } from '../src/rules/rule-set.loader.js';
import { syntheticQualityPremiumFacts } from '../src/demo/quality-premium/synthetic-facts.js';
import type { Item } from './end-to-end.js';

export function everyCcgUnderEveryFamily(ccgs: CcgContext[], authorisationRules: LoadedRuleSet): { items: Item[]; families: string[] } {
  const codes = ccgs.map((c) => c.odsCode);
  const qp = syntheticQualityPremiumFacts(ccgs, 10);
  const catalogue = catalogueFor(authorisationRules.document);
  const authorisation = simulateAuthorisationRound(codes, catalogue, 2013);
  const items: Item[] = [
    ...codes.map((subject) => ({ family: 'quality-premium', subject, period: '2013/14', facts: qp.get(subject) })),
    ...authorisation.map((c) => ({ family: 'authorisation', subject: c.odsCode, period: c.period, facts: applicationFacts(c, catalogue) })),
    ...codes.map((subject) => ({ family: 'intervention', subject, period: '2013-Q1', facts: syntheticQuarterFacts(subject, 0, 1) })),
  ];
  return { items, families: ['quality-premium', 'authorisation', 'intervention'] };
}
