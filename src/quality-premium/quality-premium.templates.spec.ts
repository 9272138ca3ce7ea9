import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DocumentRenderer } from '../decisions/document-renderer.js';
import { RuleSetRunner } from '../rules/rule-engine.js';
import { parseRuleSet } from '../rules/rule-set.loader.js';
import { qualityPremiumFactsSchema } from './quality-premium.facts.js';
import { qualityPremiumFamily as family } from './quality-premium.family.js';
import { templateFor } from '../rules/rule-family.js';

const root = resolve(__dirname, '../..');
const loaded = parseRuleSet('quality-premium/qp-2013-14.json', readFileSync(resolve(root, 'rules/quality-premium/qp-2013-14.json'), 'utf8'));
const ruleSet = loaded.document;
const renderer = new DocumentRenderer(resolve(root, 'templates'));
const ccg = {
  odsCode: '99X',
  name: 'NHS Example CCG',
  areaTeamName: 'Example',
  regionName: 'North of England',
  registeredPop2013: 200_000,
  registeredPop2014: null,
};

async function render(facts: unknown) {
  const parsed = qualityPremiumFactsSchema.parse(facts);
  const engineFacts = family.engineFacts(parsed, { subject: ccg.odsCode, period: '2013/14', ccg }, ruleSet);
  const rules = await new RuleSetRunner(ruleSet).run(engineFacts);
  const proposed = family.decide({ engineFacts, rules, ruleSet });
  const view = {
    outcome: proposed.outcome,
    proposedOutcome: proposed.outcome,
    subject: { code: ccg.odsCode, name: ccg.name, areaTeamName: ccg.areaTeamName, regionName: ccg.regionName },
    period: '2013/14',
    ruleSet: { id: ruleSet.id, version: ruleSet.version, source: ruleSet.source, hash: loaded.hash },
    status: 'proposed',
    // The assessment's, set at intake: documents say when the facts are not a real submission.
    provenance: 'synthetic',
    rules,
  };
  return { key: proposed.key, html: renderer.render(templateFor(family, proposed.key), view) };
}

const facts = (over: { gateways?: object; measures?: object; standards?: object } = {}) => ({
  gateways: {
    quality: { seriousFailure: false },
    financial: { overspentResourceLimit: false, unplannedDeficit: false, unplannedFinancialSupport: false },
    audit: { qualifiedOpinion: false },
    ...over.gateways,
  },
  measures: {
    N1: { pyllReductionPct: 3.5 },
    N2: { emergencyAdmissionsChangePct: 1.2 },
    N3: { fftRolledOutOnTime: true, fftScoreChange: 1 },
    N4: { mrsaCases: 0, cdiffCases: 10, cdiffThreshold: 12 },
    L1: { description: 'Dementia <script>alert(1)</script> diagnosis', met: true },
    L2: { notAssessed: true, reason: 'Not agreed in time' },
    L3: { description: 'Stroke care', met: true },
    ...over.measures,
  },
  standards: { rtt18WeeksIncompletePct: 93, ae4HoursPct: 94, cancer62DaysPct: 86, ambulanceRed1Pct: 75, ...over.standards },
});

describe('Quality Premium templates', () => {
  it('payment statement: amount, measures and standards with values and thresholds, gateways, spending restriction', async () => {
    const { key, html } = await render(facts());
    expect(key).toBe('payable');
    // Earned 62.5 % (N2 and L2 missed), A&E missed: 62.5 % × 75 % = 46.875 % of £1,000,000.
    expect(html).toContain('£468,750.00');
    expect(html).toContain('46.875%');
    expect(html).toContain('N2: Avoidable emergency admissions');
    expect(html).toContain('Not assessed: Not agreed in time');
    expect(html).toMatch(/<td>94%<\/td>\s*<td>95%<\/td>/);
    expect(html).toContain('Unqualified audit opinion');
    expect(html).toContain('improving the quality of the health services');
    expect(html).toContain('Synthetic data');
    expect(html).toContain('registered_pop_2013_q1');
    // Numbers with thousands separators: the register's 200,000, not 200000.
    expect(html).toMatch(/<th scope="row">Population<\/th><td>200,000/);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('non-payment notice names the failed gateway and its reference', async () => {
    const { key, html } = await render(facts({ gateways: { quality: { seriousFailure: true, reference: 'NHSCB/QF/2014/017' } } }));
    expect(key).toBe('not-payable');
    expect(html).toContain('did not pass every gateway');
    expect(html).toContain('NHSCB/QF/2014/017');
    expect(html).toContain('s.223K(5) NHS Act 2006');
  });

  it('non-payment notice explains reductions that took everything', async () => {
    const { html } = await render(facts({ standards: { rtt18WeeksIncompletePct: 90, ae4HoursPct: 90, cancer62DaysPct: 80, ambulanceRed1Pct: 70 } }));
    expect(html).toContain('the reductions for them');
    expect(html).toContain('(100%) took the whole amount earned');
  });

  it('non-payment notice says when nothing was earned', async () => {
    const { html } = await render(
      facts({
        measures: {
          N1: { pyllReductionPct: 1 },
          N2: { emergencyAdmissionsChangePct: 1 },
          N3: { fftRolledOutOnTime: false, fftScoreChange: 1 },
          N4: { mrsaCases: 1, cdiffCases: 10, cdiffThreshold: 12 },
          L1: { description: 'X-ray waits', met: false },
          L2: { description: 'Falls in care homes', met: false },
          L3: { description: 'Smoking at delivery', met: false },
        },
      }),
    );
    expect(html).toContain('achieved none of the measures');
  });
});
