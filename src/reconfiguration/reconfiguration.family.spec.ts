import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ZodError } from 'zod';
import { DocumentRenderer } from '../decisions/document-renderer.js';
import { RuleSetRunner } from '../rules/rule-engine.js';
import { FamilyProblemsError, type FamilyOutcome, templateFor } from '../rules/rule-family.js';
import { parseRuleSet } from '../rules/rule-set.loader.js';
import { assuranceOf } from './reconfiguration.assurance.js';
import type { ReconfigurationOutcome } from './reconfiguration.decider.js';
import { assuranceDateProblems, reconfigurationFactsSchema } from './reconfiguration.facts.js';
import { reconfigurationFamily as family } from './reconfiguration.family.js';
import { applyPanelResults, judgementInputSchema, judgementProblems, unjudgedTests, type StoredJudgement } from './reconfiguration.panel.js';
import { maternityProposalFacts } from '../../test/support/reconfiguration-facts.js';

const root = resolve(__dirname, '../..');
const load = (id: string) => parseRuleSet(`reconfiguration/${id}.json`, readFileSync(resolve(root, `rules/reconfiguration/${id}.json`), 'utf8'));
const recon2013 = load('recon-2013');
const recon2017 = load('recon-2017');
const renderer = new DocumentRenderer(resolve(root, 'templates'));
const context = {
  subject: 'RCF-2017-003',
  period: '2017-05-22',
  family: { ccgNames: { '01H': 'NHS Cumbria CCG', '09G': 'NHS Coastal West Sussex CCG' } },
};

async function decide(facts: unknown, set = recon2013): Promise<FamilyOutcome<ReconfigurationOutcome>> {
  const parsed = family.factsSchema.parse(facts);
  const engineFacts = JSON.parse(JSON.stringify(family.engineFacts(parsed, context, set.document))) as Record<string, unknown>;
  const rules = await new RuleSetRunner(set.document).run(engineFacts);
  return family.decide({ engineFacts, rules, ruleSet: set.document });
}

// Free-form: each test reshapes the sample's JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const maternity = () => maternityProposalFacts() as Record<string, any>;
const judged = (
  id: string,
  result: StoredJudgement['result'],
  agrees: boolean,
  reason: string | null = null,
  at = '2017-06-01T10:00:00.000Z',
): StoredJudgement => ({
  id,
  judgedBy: 'panel-member',
  judgedAt: at,
  agrees,
  result,
  reason,
});

describe('assuranceOf', () => {
  it('folds: not met refers back before missing evidence; checks never refuse', () => {
    expect(assuranceOf([{ kind: 'test', result: 'met' }])).toBe('assured');
    expect(
      assuranceOf([
        { kind: 'test', result: 'met' },
        { kind: 'check', result: 'not-met' },
      ]),
    ).toBe('assured-with-actions');
    expect(assuranceOf([{ kind: 'test', result: 'met-with-actions' }])).toBe('assured-with-actions');
    expect(
      assuranceOf([
        { kind: 'test', result: 'insufficient-evidence' },
        { kind: 'test', result: 'met-with-actions' },
      ]),
    ).toBe('more-evidence-needed');
    expect(
      assuranceOf([
        { kind: 'test', result: 'insufficient-evidence' },
        { kind: 'test', result: 'not-met' },
      ]),
    ).toBe('not-assured');
    expect(assuranceOf([{ kind: 'check', result: 'insufficient-evidence' }])).toBe('assured-with-actions');
  });
});

describe('the reconfiguration decider', () => {
  it('assesses the maternity sample under the 2017 rules with the bed-closure test and both flags', async () => {
    const { key, outcome } = await decide(maternity(), recon2017);
    expect(key).toBe('assured-with-actions');
    expect(outcome.tests.map((t) => `${t.id}:${t.result}`)).toEqual([
      'T1:met',
      'T2:met',
      'T3:met-with-actions',
      'T4:met',
      'T5:met',
      'P1:met',
      'P2:met',
    ]);
    expect(outcome.flags.map((f) => f.id)).toEqual(['scrutiny-referral-risk', 'bed-closure-test-applies']);
    expect(outcome.actions).toEqual([expect.objectContaining({ test: 'T3', owner: 'Lead CCG, with the clinical senate', source: 'engine' })]);
    expect(outcome.proposal.leadCcg).toEqual({ code: '01H', name: 'NHS Cumbria CCG' });
    const t1 = outcome.tests[0];
    expect(t1.evidence).toContainEqual({
      fact: 'commissioners.resolutions',
      value: [expect.objectContaining({ code: '01H', position: 'supports' })],
    });
  });

  it('the same facts under the 2013 rules: no fifth test, only a flag that it is not yet in force', async () => {
    const { outcome } = await decide(maternity(), recon2013);
    expect(outcome.tests.map((t) => t.id)).toEqual(['T1', 'T2', 'T3', 'T4', 'P1', 'P2']);
    expect(outcome.flags.map((f) => f.id)).toEqual(['scrutiny-referral-risk', 'significant-bed-closures']);
  });

  it('missing evidence is never a silent "not met"', async () => {
    const facts = maternity();
    delete facts.patientChoice;
    const { key, outcome } = await decide(facts, recon2017);
    expect(key).toBe('more-evidence-needed');
    const t4 = outcome.tests.find((t) => t.id === 'T4')!;
    expect(t4.result).toBe('insufficient-evidence');
    expect(t4.missing).toEqual([
      'patientChoice.impactAssessed',
      'patientChoice.providersBefore',
      'patientChoice.providersAfter',
      'patientChoice.constitutionRightsKept',
    ]);
    expect(t4.reasons).toEqual([expect.objectContaining({ reason: expect.stringContaining('Test 4 needs') })]);
  });

  it('refuses a rule of a kind it does not fold', () => {
    expect(() =>
      family.decide({
        engineFacts: {},
        ruleSet: recon2013.document,
        rules: [{ name: 'x', priority: 1, result: true, event: { type: 'bonus', params: {} }, conditions: [] }],
      }),
    ).toThrow(/bonus/);
  });

  it('facts: malformed evidence names the field', () => {
    const facts = maternity();
    facts.patientChoice.providersAfter = -1;
    const parsed = reconfigurationFactsSchema.safeParse(facts);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toEqual(['patientChoice.providersAfter']);
  });

  it('periods are assurance dates: the effective rule set changes on 1 April 2017', () => {
    expect(family.periodDate('2017-03-31')).toBe('2017-03-31');
    expect(() => family.periodDate('2017/18')).toThrow(ZodError);
    expect(() => family.periodDate('2017/18')).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ message: 'expected the assurance date as a real calendar date YYYY-MM-DD' })] }),
    );
  });
});

describe('the panel', () => {
  it('judgements are checked against the engine', async () => {
    const { outcome } = await decide(maternity(), recon2013);
    expect(judgementInputSchema.safeParse({ test: 'T1', agree: false, result: 'not-met' }).success).toBe(false);
    expect(judgementInputSchema.safeParse({ test: 'T1', agree: true, result: 'met' }).success).toBe(false);
    expect(
      judgementProblems(
        [
          { test: 'T5', agree: true },
          { test: 'T1', agree: false, result: 'met', reason: 'same as the rules' },
        ],
        outcome,
      ),
    ).toEqual([
      { path: 'judgements.0.test', message: expect.stringContaining('T5') },
      { path: 'judgements.1.result', message: expect.stringContaining('agree') },
    ]);
    expect(unjudgedTests(outcome, ['T1', 'T3'])).toEqual(['T2', 'T4', 'P1', 'P2']);
  });

  it('keeps the engine result beside the panel judgement, the latest judgement counting, and refolds the outcome', async () => {
    const proposed = await decide(maternity(), recon2017);
    const tests: Record<string, { judgements: StoredJudgement[] }> = {};
    for (const t of proposed.outcome.tests) tests[t.id] = { judgements: [judged(`${t.id}-1`, t.result as StoredJudgement['result'], true)] };
    tests.T2.judgements.push(judged('T2-2', 'not-met', false, 'The consultation ignored the scrutiny objection', '2017-06-02T09:00:00.000Z'));
    const issued = applyPanelResults(proposed, { tests, actions: [], note: null });
    expect(issued.key).toBe('not-assured');
    expect(issued.outcome.engineAssurance).toBe('assured-with-actions');
    expect(issued.outcome.differences).toEqual(['T2']);
    const t2 = issued.outcome.tests.find((t) => t.id === 'T2')!;
    expect(t2).toMatchObject({
      result: 'met',
      panel: { result: 'not-met', agrees: false, reason: 'The consultation ignored the scrutiny objection' },
    });
    expect(t2.panel!.judgements).toHaveLength(2);
    // The engine's proposal object itself is not changed.
    expect(proposed.outcome.tests.find((t) => t.id === 'T2')!.panel).toBeUndefined();
  });

  it('refuses an outcome with an unjudged test, or met with actions and no owner', async () => {
    const proposed = await decide(maternity(), recon2013);
    const some = { T1: { judgements: [judged('a', 'met', true)] } };
    expect(() => applyPanelResults(proposed, { tests: some })).toThrow(FamilyProblemsError);
    const tests: Record<string, { judgements: StoredJudgement[] }> = {};
    for (const t of proposed.outcome.tests)
      tests[t.id] = { judgements: [judged(t.id, 'met', t.result === 'met', t.result === 'met' ? null : 'the panel is content')] };
    tests.T1 = { judgements: [judged('T1', 'met-with-actions', false, 'conditions are pending')] };
    let error: unknown;
    try {
      applyPanelResults(proposed, { tests });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FamilyProblemsError);
    expect((error as FamilyProblemsError).problems).toEqual([{ field: 'actions', message: expect.stringContaining('T1') }]);
  });

  it('renders every test, the difference highlighted, and escapes what users wrote', async () => {
    const proposed = await decide(maternity(), recon2017);
    const tests: Record<string, { judgements: StoredJudgement[] }> = {};
    for (const t of proposed.outcome.tests.filter((x) => x.applies))
      tests[t.id] = { judgements: [judged(t.id, t.result as StoredJudgement['result'], true)] };
    tests.T4 = { judgements: [judged('T4', 'met-with-actions', false, 'Transport <script>alert(1)</script> plan needed')] };
    const issued = applyPanelResults(proposed, { tests, actions: [{ test: 'T4', action: 'Publish a transport plan', owner: 'Cumbria CCG' }] });
    const html = renderer.renderDecision(templateFor(family, issued.key), {
      title: 'Stage 2',
      familyTitle: family.title,
      status: 'issued',
      reviewedAt: '2017-06-02T00:00:00.000Z',
      reviewedBy: 'panel',
      subject: { code: 'RCF-2017-003', name: 'RCF-2017-003' },
      period: '2017-05-22',
      outcome: issued.outcome,
      proposedKey: proposed.key,
      key: issued.key,
      ruleSet: { id: 'recon-2017', version: '1.0.0', title: recon2017.document.title, source: recon2017.document.source, hash: recon2017.hash },
      rules: [],
      overridden: true,
      overrideReason: 'panel',
    });
    if (process.env.RECON_REPORT_OUT) writeFileSync(process.env.RECON_REPORT_OUT, html);
    for (const t of proposed.outcome.tests) expect(html).toContain(`${t.id}: ${t.title}`);
    expect(html).toMatch(/<tr class="differs">\s*<th scope="row">T4:/);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('Transport &lt;script&gt;');
    expect(html).toContain('Publish a transport plan');
    expect(html).toContain('Referral risk');
  });
});

describe('dates against the assurance date', () => {
  const support = (resolutionDate: string) => ({ commissionerSupport: [{ ccg: '09G', position: 'supports' as const, resolutionDate }] });
  it('a resolution on or before the assurance date, at a date that has come, is fine', () => {
    expect(assuranceDateProblems(support('2016-09-15'), '2016-09-15', '2026-12-05')).toEqual([]);
  });
  it('a resolution after the assurance date names its field; an assurance date after today names the period', () => {
    expect(assuranceDateProblems(support('2016-09-16'), '2016-09-15', '2026-12-05')).toEqual([
      { field: 'facts.commissionerSupport.0.resolutionDate', message: "09G's resolution of 2016-09-16 is after the assurance date 2016-09-15" },
    ]);
    expect(assuranceDateProblems({}, '9999-12-31', '2026-12-05')).toEqual([
      { field: 'period', message: 'the assurance date 9999-12-31 is after today (2026-12-05)' },
    ]);
  });
});
