import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { maternityProposalFacts } from '../../../test/support/reconfiguration-facts.js';
import { DocumentRenderer } from '../../decisions/document-renderer.js';
import { RuleSetRunner } from '../../rules/rule-engine.js';
import { parseRuleSet } from '../../rules/rule-set.loader.js';
import type { ReconfigurationOutcome } from '../reconfiguration.decider.js';
import { reconfigurationFamily as family } from '../reconfiguration.family.js';
import { applyPanelResults } from '../reconfiguration.panel.js';
import { issueProblems } from './proposal-forms.js';
import { proposalStatus, proposalsView, proposalView, type CurrentReport, type ProposalList, type ProposalTimeline } from './proposal-page.view.js';

const root = resolve(__dirname, '../../..');
const REF = 'RCF-2017-003';
const DECISION = '0b6b3c1e-5f0d-4f3e-8a7c-2d9e4b1a6c55';
const ASSESSMENT = 'a3f1c2d4-9b8e-4c7a-b6d5-e4f3a2b1c0d9';
const console_ = new DocumentRenderer(resolve(root, 'templates', 'console'));

/** The engine's outcome of the maternity proposal under the 2017 rules, as the worker computes it. */
async function engineOutcome(): Promise<ReconfigurationOutcome> {
  const set = parseRuleSet('reconfiguration/recon-2017.json', readFileSync(resolve(root, 'rules/reconfiguration/recon-2017.json'), 'utf8'));
  const facts = family.factsSchema.parse(maternityProposalFacts());
  const context = { subject: REF, period: '2017-05-22', family: { ccgNames: { '01H': 'NHS Cumbria CCG' } } };
  const engineFacts = JSON.parse(JSON.stringify(family.engineFacts(facts, context, set.document))) as Record<string, unknown>;
  const rules = await new RuleSetRunner(set.document).run(engineFacts);
  return family.decide({ engineFacts, rules, ruleSet: set.document }).outcome;
}

const judgement = (test: string, agrees: boolean, result: string, reason: string | null = null) => ({
  id: `j-${test}`,
  test,
  engineResult: 'met',
  judgedBy: 'test-panel',
  judgedAt: '2017-06-01T10:00:00.000Z',
  agrees,
  result: result as 'met',
  reason,
});

function timelineOf(status: string, judgements: ReturnType<typeof judgement>[], reportStatus = 'proposed'): ProposalTimeline {
  return {
    reference: REF,
    title: 'Merge the two maternity units',
    submissions: 1,
    current: { assessmentId: ASSESSMENT, status, assurance: 'assured-with-actions', issued: reportStatus === 'issued' },
    assessments: [
      {
        id: ASSESSMENT,
        submission: 1,
        period: '2017-05-22',
        status,
        createdBy: 'test-board',
        createdAt: new Date('2017-05-22T09:00:00Z'),
        evaluations: [],
        reports: [
          {
            id: DECISION,
            status: reportStatus,
            engineAssurance: 'assured-with-actions',
            panelAssurance: null,
            differences: [],
            reviewedBy: null,
            reviewedAt: null,
            judgements,
            links: { document: '', decision: '' },
          },
        ],
      },
    ],
    timeline: [
      {
        seq: '1',
        at: '2017-05-22T09:00:00.000Z',
        actor: 'test-board',
        actorRole: 'board',
        action: 'assessment.created',
        entityType: 'assessment',
        entityId: ASSESSMENT,
        payload: {},
        prevHash: null,
        hash: 'h1',
      },
      {
        seq: '2',
        at: '2017-06-01T10:00:00.000Z',
        actor: 'test-panel',
        actorRole: 'panel',
        action: 'reconfiguration.judgement.recorded',
        entityType: 'reconfiguration-judgement',
        entityId: 'j-T2',
        payload: { test: 'T2', agrees: false, result: 'met-with-actions' },
        prevHash: 'h1',
        hash: 'h2',
      },
    ],
  } as unknown as ProposalTimeline;
}

let engine: ReconfigurationOutcome;
beforeAll(async () => {
  engine = await engineOutcome();
});

const proposed = (): CurrentReport => ({
  id: DECISION,
  status: 'proposed',
  proposedKey: engine.assurance,
  finalKey: null,
  proposedOutcome: engine,
  finalOutcome: null,
  reviewedBy: null,
  reviewedAt: null,
});

const render = (view: object) => console_.render('pages/proposal', { ...view, csrf: 'the-token' });

describe('proposalStatus', () => {
  it('in words: awaiting the panel with the rules’ outcome, issued with the panel’s, coloured by tone', () => {
    expect(proposalStatus('awaiting_review', { status: 'proposed', engineAssurance: 'more-evidence-needed', panelAssurance: null })).toEqual({
      status: 'Awaiting the panel',
      outcome: 'More evidence needed',
      outcomeTag: 'nhsuk-tag--orange',
      outcomeBy: 'proposed by the rules',
    });
    expect(proposalStatus('decided', { status: 'issued', engineAssurance: 'more-evidence-needed', panelAssurance: 'not-assured' })).toMatchObject({
      status: 'Issued',
      outcome: 'Not assured',
      outcomeTag: 'nhsuk-tag--red',
    });
    expect(proposalStatus('evaluating', null)).toMatchObject({ status: 'Being evaluated', outcome: '' });
  });
});

describe('proposalsView', () => {
  it('links each proposal to its page and counts those awaiting the panel', () => {
    const list = {
      items: [
        {
          reference: REF,
          title: 'Maternity',
          submissions: 2,
          leadCcg: { code: '01H', name: 'NHS Cumbria CCG' },
          latestAssessment: { id: ASSESSMENT, period: '2017-05-22', status: 'awaiting_review', createdAt: new Date('2017-05-22T09:00:00Z') },
          report: { id: DECISION, status: 'proposed', engineAssurance: 'assured', panelAssurance: null, issuedAt: null },
          links: { self: '' },
        },
      ],
    } as unknown as ProposalList;
    const view = proposalsView(list);
    expect(view.awaiting).toBe(1);
    expect(view.items[0]).toMatchObject({
      href: `/console/proposals/${REF}`,
      leadCcg: 'NHS Cumbria CCG',
      submissions: 2,
      outcomeTag: 'nhsuk-tag--green',
    });
    const html = console_.render('pages/proposals', view);
    expect(html).toContain(`<a href="/console/proposals/${REF}">${REF}</a>`);
    expect(html).toContain('22 May 2017');
  });
});

describe('proposalView', () => {
  it('offers the panel a judgement form per applicable test and the issue form; lists earlier judgements', () => {
    const view = proposalView({
      timeline: timelineOf('awaiting_review', [judgement('T2', false, 'met-with-actions', 'The scrutiny committee objected')]),
      report: proposed(),
      mayJudge: true,
    });
    expect(view.canJudge).toBe(true);
    expect(view.tests.filter((t) => t.form).map((t) => t.id)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'P1', 'P2']);
    expect(view.missing.map((m) => m.id)).toEqual(['T1', 'T3', 'T4', 'T5', 'P1', 'P2']);
    const t2 = view.tests.find((t) => t.id === 'T2')!;
    expect(t2.judgements).toEqual([expect.objectContaining({ by: 'test-panel', result: 'Met with actions', agrees: false })]);
    // The engine's own result is "agree", never offered as another result.
    expect(t2.form!.results.map((r) => r.value)).toEqual(['met-with-actions', 'not-met', 'insufficient-evidence']);
    expect(view.issueForm!.rows).toHaveLength(3);
    expect(view.events.map((e) => e.what)).toEqual(['Submitted for assurance', 'Judgement on T2: differs from the rules (met with actions)']);

    const html = render(view);
    expect(html.match(/action="\/console\/proposals\/RCF-2017-003\/judgements"/g)).toHaveLength(7);
    expect(html).toContain('action="/console/proposals/RCF-2017-003/issue"');
    expect(html.match(/name="_csrf" value="the-token"/g)).toHaveLength(8);
    expect(html).toContain('name="actions.2.owner"');
    expect(html).toContain('<label class="nhsuk-label" for="action-2-owner"><span class="nhsuk-u-visually-hidden">Action 3: </span>Owner</label>');
    expect(html).not.toContain('style=');
    expect(html).not.toContain('<script');
  });

  it('Board staff read the same page without a form', () => {
    const view = proposalView({ timeline: timelineOf('awaiting_review', []), report: proposed(), mayJudge: false });
    expect(view.canJudge).toBe(false);
    expect(view.issueForm).toBeNull();
    expect(view.tests.every((t) => t.form === null)).toBe(true);
    const html = render(view);
    expect(html).not.toContain('<form');
    expect(html).not.toContain('Confirm and issue');
    expect(html).toContain('data-testid="read-only"');
  });

  it('puts a refusal beside its fields, keeps what was typed, and adds blank rows after it', () => {
    const problems = issueProblems([
      { field: 'judgements.T3', message: 'no panel judgement recorded' },
      { field: 'actions.0.owner', message: 'Too small: expected string to have >=2 characters' },
    ]);
    const view = proposalView({
      timeline: timelineOf('awaiting_review', []),
      report: proposed(),
      mayJudge: true,
      forms: { issue: { rows: [{ test: 'T2', action: 'Publish a mitigation plan', owner: 'X' }], note: 'A note', amendReason: '' } },
      problems,
    });
    expect(view.title).toBe(`Error: Proposal ${REF}`);
    // In words: what to do, beside the field; the summary names the row too.
    expect(view.errorList).toEqual([
      { href: '#judge-T3-agree', message: 'Record a judgement on T3 before issuing the report' },
      { href: '#action-0-owner', message: 'Action 1: Enter at least 2 characters for the owner' },
    ]);
    expect(view.tests.find((t) => t.id === 'T3')!.error).toBe('Record a judgement on T3 before issuing the report');
    expect(view.issueForm!.rows).toHaveLength(4);
    expect(view.issueForm!.rows[0]).toMatchObject({
      action: 'Publish a mitigation plan',
      owner: 'X',
      errors: { owner: 'Enter at least 2 characters for the owner' },
    });
    expect(view.issueForm!.rows[0].tests.find((t) => t.selected)?.value).toBe('T2');
    const html = render(view);
    expect(html).toContain('<a href="#judge-T3-agree">Record a judgement on T3 before issuing the report</a>');
    expect(html).toContain('id="judge-T3-agree"');
    expect(html).toContain('id="action-0-owner-error"');
    expect(html).toContain('>A note</textarea>');
  });

  it('an issued report shows the panel’s result beside the rules’ and no form, to anyone', () => {
    const stored = (test: string, result: string) => [
      {
        id: `j-${test}`,
        judgedBy: 'test-panel',
        judgedAt: '2017-06-01T10:00:00.000Z',
        agrees: result === 'met',
        result,
        reason: result === 'met' ? null : 'Objection by the scrutiny committee',
      },
    ];
    const tests = Object.fromEntries(
      engine.tests.map((t) => [t.id, { judgements: stored(t.id, t.id === 'T2' ? 'met-with-actions' : (t.result as string)) }]),
    );
    const final = applyPanelResults(
      { key: engine.assurance, outcome: engine },
      { tests, actions: [{ test: 'T2', action: 'Publish a mitigation plan', owner: 'NHS Cumbria CCG' }], note: null },
    );
    const report: CurrentReport = {
      ...proposed(),
      status: 'issued',
      finalKey: final.key,
      finalOutcome: final.outcome,
      reviewedBy: 'test-panel',
      reviewedAt: new Date('2017-06-02T12:00:00Z'),
    };
    const view = proposalView({ timeline: timelineOf('decided', [], 'issued'), report, mayJudge: true });
    expect(view).toMatchObject({ canJudge: false, issueForm: null, issued: true, status: 'Issued' });
    expect(view.report!.differences).toEqual(['T2']);
    expect(view.tests.find((t) => t.id === 'T2')!.panel).toMatchObject({ result: 'Met with actions', agrees: false });
    const html = render(view);
    expect(html).not.toContain('<form');
    expect(html).toContain('Publish a mitigation plan');
  });
});
