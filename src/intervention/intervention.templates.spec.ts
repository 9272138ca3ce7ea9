import { join, resolve } from 'node:path';
import { buildDecisionView } from '../decisions/decision-view.js';
import { DocumentRenderer } from '../decisions/document-renderer.js';
import { RuleSetRunner } from '../rules/rule-engine.js';
import { effectiveRuleSet, loadRuleSetsFrom } from '../rules/rule-set.loader.js';
import { LEVEL_KEYS } from './intervention.decider.js';
import { interventionFamily } from './intervention.family.js';
import { interventionFacts } from '../../test/support/intervention-facts.js';
import { interventionFactsSchema } from './intervention.facts.js';
import { templateFor } from '../rules/rule-family.js';

const root = resolve(__dirname, '../..');
const renderer = new DocumentRenderer(join(root, 'templates'));
const set = effectiveRuleSet(loadRuleSetsFrom(join(root, 'rules')), 'intervention', '2013-04-01')!;

describe('intervention notices', () => {
  it.each(LEVEL_KEYS.map((key, level) => [level, key] as const))('level %i renders its own notice (%s)', async (level, key) => {
    const facts = interventionFactsSchema.parse(interventionFacts());
    const engineFacts = interventionFamily.engineFacts(facts, { subject: '00C', period: '2013-Q2', family: { earlier: [] } }, set.document);
    const rules = await new RuleSetRunner(set.document).run(engineFacts);
    const proposed = interventionFamily.override(interventionFamily.decide({ engineFacts, rules, ruleSet: set.document }), { level });
    expect(proposed.key).toBe(key);
    const html = renderer.renderDecision(templateFor(interventionFamily, key), {
      ...buildDecisionView({
        familyId: 'intervention',
        familyTitle: 'Intervention',
        assessment: { id: 'a', subject: '02N', period: '2013-Q2' },
        ruleSet: { hash: 'h', document: set.document },
        evaluationId: 'e',
        decisionId: 'd',
        rules,
        proposed,
      }),
      // The assessment's provenance, set at intake: the notice says the facts are synthetic.
      provenance: 'synthetic',
    });
    expect(html).toContain(`<strong>${level}: ${proposed.outcome.levelName}</strong>`);
    expect(html).toContain('Synthetic data');
    expect(html.includes('Board decision required')).toBe(level >= 4);
    if (level >= 3) expect(html).toMatch(/section 14Z21/);
  });
});
