import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { money as pounds, percent, percentDifference } from '../common/format.js';
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

/** The document of the facts' proposal or, given `override`, of the amount a reviewer set. */
async function render(facts: unknown, override?: { payablePence: number; reason: string }) {
  const parsed = qualityPremiumFactsSchema.parse(facts);
  const engineFacts = family.engineFacts(parsed, { subject: ccg.odsCode, period: '2013/14', ccg }, ruleSet);
  const rules = await new RuleSetRunner(ruleSet).run(engineFacts);
  const proposed = family.decide({ engineFacts, rules, ruleSet });
  const shown = override ? family.override(proposed, { payablePence: override.payablePence }) : proposed;
  const view = {
    outcome: shown.outcome,
    proposedOutcome: proposed.outcome,
    overrideReason: override?.reason ?? null,
    subject: { code: ccg.odsCode, name: ccg.name, areaTeamName: ccg.areaTeamName, regionName: ccg.regionName },
    period: '2013/14',
    ruleSet: { id: ruleSet.id, version: ruleSet.version, source: ruleSet.source, hash: loaded.hash },
    status: 'proposed',
    // The assessment's, set at intake: documents say when the facts are not a real submission.
    provenance: 'synthetic',
    rules,
  };
  return { key: shown.key, proposed, html: renderer.render(templateFor(family, shown.key), view) };
}

/** The document's text, tags dropped, entities read, white space closed up. */
const textOf = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')');

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
    // The standard's test and the value found, in per cent.
    expect(textOf(html)).toContain('A&E patients admitted, transferred or discharged within four hours at least 95% 94% missed');
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

  it("states a failed measure's whole test, the values found and the part that failed", async () => {
    // N3 improved its score but was not rolled out on time; N4 kept C. difficile within its own
    // threshold but had MRSA cases.
    const { html } = await render(
      facts({
        measures: {
          N3: { fftRolledOutOnTime: false, fftScoreChange: 1.3 },
          N4: { mrsaCases: 2, cdiffCases: 77, cdiffThreshold: 84 },
        },
      }),
    );
    const text = textOf(html);
    expect(text).toContain(
      'Achieved when: change in the Friends and Family Test score above 0 and Friends and Family Test rolled out on time by every relevant provider.',
    );
    expect(text).toContain('change in the Friends and Family Test score: 1.3 (met)');
    expect(text).toContain('Failed on: Friends and Family Test rolled out on time by every relevant provider: no');
    expect(text).toContain("Achieved when: C. difficile cases at most the CCG's C. difficile threshold (84) and no MRSA bacteraemia cases.");
    expect(text).toContain('C. difficile cases: 77 (met)');
    expect(text).toContain('Failed on: MRSA bacteraemia cases: 2, not 0');
  });

  it('says what reduced the premium from the facts and thresholds, keeping the citation', async () => {
    const { html, proposed } = await render(facts({ standards: { ae4HoursPct: 93.1 } }));
    const ae = proposed.outcome.reasons.find((r) => r.id === 'ae4h')!;
    const text = textOf(html);
    expect(text).toContain(
      `A&E patients admitted, transferred or discharged within four hours: 93.1%, below the 95% standard; the amount earned is reduced by 25%. (${ae.citation})`,
    );
    expect(text).toContain(
      `Measure N2 not achieved (change in avoidable emergency admissions: 1.2%, above 0%), so its 25% of the maximum was not earned.`,
    );
    // The rule's generic sentence is not what the reader is told.
    expect(text).not.toContain(ae.rule);
  });

  it('after an override, the calculation adds up: rules, difference, amount set and the reason', async () => {
    const set = 14_166_667;
    const reason = 'Emergency admissions restated by the area team';
    const { html, proposed } = await render(facts(), { payablePence: set, reason });
    const max = proposed.outcome.maximumPence;
    const rules = proposed.outcome.payablePence;
    const text = textOf(html);
    expect(text).toContain(`Payable by the rules ${pounds(rules)}: ${percent(proposed.outcome.payableFraction)} of the maximum`);
    expect(text).toContain(
      `Difference made on review ${pounds(set - rules)}: ${percentDifference(set / max, proposed.outcome.payableFraction)} of the maximum`,
    );
    expect(text).toContain(`Set on review by Board staff ${pounds(set)}: ${percent(set / max)} of the maximum`);
    expect(text).toContain(`Reason given for the change ${reason}`);
    expect(text).toContain(`Payable ${pounds(set)}`);
    // That the printed figures add up, whatever the amounts, is the next test's.
  });

  it('an override to nothing says what the rules gave and the difference', async () => {
    const { html, proposed, key } = await render(facts(), { payablePence: 0, reason: 'Withheld pending audit' });
    expect(key).toBe('not-payable');
    const rules = proposed.outcome.payablePence;
    expect(textOf(html)).toContain(
      `The rules gave ${pounds(rules)} (${percent(proposed.outcome.payableFraction)} of the maximum); the difference made on review is ${pounds(-rules)} (${percentDifference(0, proposed.outcome.payableFraction)} of the maximum), leaving ${pounds(0)}. Reason given: Withheld pending audit`,
    );
  });

  it('after an override, the printed figures add up exactly, in pounds and in per cent, whatever the amounts', async () => {
    const { proposed } = await render(facts());
    const max = 30_000_000;
    // £ with pence and % to four places, as whole pence and whole steps of 0.0001 %.
    const pence = (s: string) => Math.round(Number(s.replace(/[£,]/g, '')) * 100);
    const steps = (s: string) => Math.round(Number(s.replace('%', '')) * 10_000);
    const money = '(-?£[\\d,]+\\.\\d\\d)';
    const share = '(-?[\\d.]+%)';
    const amounts = [0, 1, 10_000_000, 10_000_001, 19_999_999, 20_000_000, 20_000_001, 29_999_999, max];
    for (const rules of amounts) {
      // The rules' outcome at a maximum of £300,000, so that a third and two thirds are reachable.
      const atRules = { ...proposed, outcome: { ...proposed.outcome, maximumPence: max, payablePence: rules, payableFraction: rules / max } };
      for (const set of amounts) {
        const shown = family.override(atRules, { payablePence: set });
        const text = textOf(
          renderer.render(templateFor(family, shown.key), {
            outcome: shown.outcome,
            overrideReason: 'checked',
            period: '2013/14',
            subject: {},
            ruleSet: {},
          }),
        );
        const figures =
          set > 0
            ? new RegExp(
                `Payable by the rules ${money}: ${share} of the maximum Difference made on review ${money}: ${share} of the maximum Set on review by Board staff ${money}: ${share}`,
              ).exec(text)
            : new RegExp(
                `The rules gave ${money} \\(${share} of the maximum\\); the difference made on review is ${money} \\(${share} of the maximum\\), leaving ${money}`,
              ).exec(text);
        expect([rules, set, figures === null]).toEqual([rules, set, false]);
        const [rulesPounds, rulesShare, diffPounds, diffShare, setPounds, setShare = '0%'] = figures!.slice(1);
        expect([rules, set, pence(rulesPounds) + pence(diffPounds)]).toEqual([rules, set, pence(setPounds)]);
        expect([rules, set, steps(rulesShare) + steps(diffShare)]).toEqual([rules, set, steps(setShare)]);
      }
    }
  });

  it('prints pounds and populations with thousands separators', async () => {
    const population = 1_234_567;
    const { html, proposed } = await render({ ...facts(), population });
    const text = textOf(html);
    expect(text).toContain(`Population ${population.toLocaleString('en-GB')}`);
    expect(text).toContain(`of its maximum of ${pounds(population * 500)}`);
    expect(text).toContain(`a Quality Premium of ${pounds(proposed.outcome.payablePence)}`);
    for (const bare of [population, population * 5, proposed.outcome.payablePence / 100]) expect(text).not.toContain(String(Math.floor(bare)));
  });
});
