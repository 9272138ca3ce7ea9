// The stage 2 panel's whole job in the console, over plain HTTP: the proposals list, a judgement
// per test through the forms, the issue refused while a test is unjudged, then issued with an
// action and its owner. Board staff read the same pages without a form; a form without its token
// is refused; an address that names no proposal is a page not found.
import { MATERNITY_PERIOD, maternityProposalFacts } from '../support/reconfiguration-facts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signedIn } from './console-support.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const REF = 'RCF-2017-811';
const page = `/console/proposals/${REF}`;
const TESTS = ['T1', 'T2', 'T3', 'T4', 'T5', 'P1', 'P2'];

type Panel = Awaited<ReturnType<typeof signedIn>>;

/** One test's judgement form, as the page posts it. */
function judge(panel: Panel, decisionId: string, test: string, fields: Record<string, string>) {
  return panel.agent
    .post(`${page}/judgements`)
    .type('form')
    .send({ _csrf: panel.csrf, decisionId, 'judgements.0.test': test, 'judgements.0.result': '', 'judgements.0.reason': '', ...fields });
}

/** The issue form with three rows, as the page posts it (blank rows included). */
function issueForm(rows: { test: string; action: string; owner: string }[], note = '') {
  const blank = { test: '', action: '', owner: '' };
  const all = [...rows, blank, blank, blank].slice(0, Math.max(3, rows.length));
  return Object.fromEntries([
    ['note', note],
    ...all.flatMap((r, i) => [
      [`actions.${i}.test`, r.test],
      [`actions.${i}.action`, r.action],
      [`actions.${i}.owner`, r.owner],
    ]),
  ]) as Record<string, string>;
}

describe('the reconfiguration panel in the console', () => {
  let decisionId: string;

  beforeAll(async () => {
    const a = await t.submitAndWait({ family: 'reconfiguration', subject: REF, period: MATERNITY_PERIOD, facts: maternityProposalFacts() }, 'panel');
    decisionId = a.decisions[0].id;
  });

  it('lists every proposal with its lead CCG, date, submissions and status, linked to its page', async () => {
    const panel = await signedIn(t, 'panel');
    const list = await panel.agent.get('/console/proposals').expect(200);
    expect(list.text).toContain('href="/console/proposals"'); // in the menu
    const row = list.text.slice(list.text.indexOf(`data-proposal="${REF}"`), list.text.indexOf('</tr>', list.text.indexOf(`data-proposal="${REF}"`)));
    expect(row).toContain(`<a href="${page}">${REF}</a>`);
    expect(row).toContain('NHS Cumbria CCG');
    expect(row).toContain('22 May 2017');
    expect(row).toContain('data-testid="status">Awaiting the panel<');
    // Assured with actions is a caution: yellow, as the queue colours it.
    expect(row).toContain('<strong class="nhsuk-tag nhsuk-tag--yellow">Assured with actions</strong>');
  });

  it('records judgements through the forms: one agreeing, one with another result and a reason', async () => {
    const panel = await signedIn(t, 'panel');
    const before = await panel.agent.get(page).expect(200);
    expect(before.text.match(/action="\/console\/proposals\/RCF-2017-811\/judgements"/g)).toHaveLength(TESTS.length);

    await judge(panel, decisionId, 'T1', { 'judgements.0.agree': 'agree' }).expect(303).expect('Location', `${page}?done=judged`);
    // Another result without a reason: refused by the service's own rule, beside the field.
    const refused = await judge(panel, decisionId, 'T2', { 'judgements.0.agree': 'disagree', 'judgements.0.result': 'met-with-actions' }).expect(422);
    expect(refused.text).toContain('nhsuk-error-summary');
    expect(refused.text).toContain('<a href="#judge-T2-reason">T2: A judgement that disagrees gives a reason</a>');
    expect(refused.text).toContain('id="judge-T2-reason-error"');
    await judge(panel, decisionId, 'T2', {
      'judgements.0.agree': 'disagree',
      'judgements.0.result': 'met-with-actions',
      'judgements.0.reason': 'The scrutiny committee objects: a plan to answer its objection is needed first',
    }).expect(303);

    const after = await panel.agent.get(`${page}?done=judged`).expect(200);
    expect(after.text).toContain('Your judgement has been recorded.');
    const t2 = after.text.slice(
      after.text.indexOf('data-testid="judgements-T2"'),
      after.text.indexOf('</table>', after.text.indexOf('data-testid="judgements-T2"')),
    );
    expect(t2).toContain('test-panel');
    expect(t2).toContain('Met with actions (differs)');
    expect(t2).toContain('The scrutiny committee objects');
    const stored = await t.prisma.reconfigurationJudgement.findMany({ where: { decisionId }, orderBy: { judgedAt: 'asc' } });
    expect(stored.map((j) => [j.test, j.agrees, j.result, j.judgedBy])).toEqual([
      ['T1', true, 'met', 'test-panel'],
      ['T2', false, 'met-with-actions', 'test-panel'],
    ]);
  });

  it('refuses to issue while a test has no judgement: a 422 naming each unjudged test, beside its form', async () => {
    const panel = await signedIn(t, 'panel');
    const res = await panel.agent
      .post(`${page}/issue`)
      .type('form')
      .send({
        _csrf: panel.csrf,
        decisionId,
        ...issueForm([{ test: 'T2', action: 'Publish a plan answering the objection', owner: 'NHS Cumbria CCG' }]),
      })
      .expect(422);
    for (const test of ['T3', 'T4', 'T5', 'P1', 'P2']) {
      expect(res.text).toContain(`<a href="#judge-${test}-agree">Record a judgement on ${test} before issuing the report</a>`);
      expect(res.text).toContain(`id="judge-${test}-error"`);
    }
    expect(res.text).not.toContain('<a href="#judge-T1-agree">');
    // What was typed is kept.
    expect(res.text).toContain('value="Publish a plan answering the objection"');
    const decision = await t.as('auditor').get(`/api/v1/decisions/${decisionId}`).expect(200);
    expect(decision.body.status).toBe('proposed');
  });

  it('issues with an action and its owner once every test is judged; the decision carries the panel’s results', async () => {
    const panel = await signedIn(t, 'panel');
    for (const test of ['T3', 'T4', 'T5', 'P1', 'P2']) await judge(panel, decisionId, test, { 'judgements.0.agree': 'agree' }).expect(303);
    // T2 is met with actions in the panel's judgement: an action with its owner is needed.
    const noAction = await panel.agent
      .post(`${page}/issue`)
      .type('form')
      .send({ _csrf: panel.csrf, decisionId, ...issueForm([]) })
      .expect(422);
    expect(noAction.text).toContain('<a href="#action-0-test">T2 is met with actions');
    // A row's field in words, beside it and, naming the row, in the summary.
    const short = await panel.agent
      .post(`${page}/issue`)
      .type('form')
      .send({ _csrf: panel.csrf, decisionId, ...issueForm([{ test: 'T2', action: 'Do', owner: 'NHS Cumbria CCG' }]) })
      .expect(422);
    expect(short.text).toContain('<a href="#action-0-action">Action 1: Enter at least 3 characters for the action</a>');
    expect(short.text).toContain(
      'id="action-0-action-error"><span class="nhsuk-u-visually-hidden">Error:</span> Enter at least 3 characters for the action',
    );

    await panel.agent
      .post(`${page}/issue`)
      .type('form')
      .send({
        _csrf: panel.csrf,
        decisionId,
        ...issueForm(
          [{ test: 'T2', action: 'Publish a plan answering the objection', owner: 'NHS Cumbria CCG' }],
          'Assured once the plan is published.',
        ),
      })
      .expect(303)
      .expect('Location', `${page}?done=issued`);

    const proposal = await t.as('auditor').get(`/api/v1/proposals/${REF}`).expect(200);
    expect(proposal.body.current).toMatchObject({ issued: true, assurance: 'assured-with-actions' });
    const report = proposal.body.assessments[0].reports[0];
    expect(report).toMatchObject({ status: 'issued', reviewedBy: 'test-panel', differences: ['T2'] });
    const decision = await t.as('auditor').get(`/api/v1/decisions/${decisionId}`).expect(200);
    const finalTests = decision.body.finalOutcome.tests as { id: string; panel: { result: string; agrees: boolean } }[];
    expect(finalTests.map((x) => [x.id, x.panel.result, x.panel.agrees])).toEqual([
      ['T1', 'met', true],
      ['T2', 'met-with-actions', false],
      ['T3', 'met-with-actions', true],
      ['T4', 'met', true],
      ['T5', 'met', true],
      ['P1', 'met', true],
      ['P2', 'met', true],
    ]);
    expect(decision.body.finalOutcome.actions).toContainEqual(
      expect.objectContaining({ test: 'T2', action: 'Publish a plan answering the objection', owner: 'NHS Cumbria CCG', source: 'panel' }),
    );
    expect(decision.body.finalOutcome.panelNote).toBe('Assured once the plan is published.');

    const issued = await panel.agent.get(`${page}?done=issued`).expect(200);
    expect(issued.text).toContain('The assurance report has been issued');
    expect(issued.text).not.toContain('<form action="/console/proposals/');
    expect(issued.text).toContain('data-testid="panel-assurance"');
  });

  it('a form sent after the report was issued says so in words, with a way back', async () => {
    const panel = await signedIn(t, 'panel');
    const late = await judge(panel, decisionId, 'T1', { 'judgements.0.agree': 'agree' }).expect(409);
    expect(late.text).toContain('data-testid="notice"');
    expect(late.text).toContain('no longer awaiting the panel');
    expect(late.text).toContain(`<a href="${page}">Reload the proposal</a>`);
    expect(late.text).not.toContain('/api/v1/');
  });
});

describe('a submission for a date whose report was issued', () => {
  const ref = 'RCF-2017-813';
  const proposalPage = `/console/proposals/${ref}`;
  const submit = async () =>
    (await t.submitAndWait({ family: 'reconfiguration', subject: ref, period: MATERNITY_PERIOD, facts: maternityProposalFacts() }, 'panel'))
      .decisions[0].id;
  const judgeAll = (id: string) =>
    t
      .as('panel')
      .post(`/api/v1/proposals/${ref}/judgements`)
      .send({ decisionId: id, judgements: TESTS.map((test) => ({ test, agree: true })) })
      .expect(201);
  const actions = [{ test: 'T2', action: 'Publish a plan answering the objection', owner: 'NHS Cumbria CCG' }];

  it('is issued from its page as an amendment: the form names the report that stands and asks why it is replaced', async () => {
    const first = await submit();
    await judgeAll(first);
    await t.as('panel').post(`/api/v1/proposals/${ref}/issue`).send({ decisionId: first, actions }).expect(200);
    const second = await submit();
    await judgeAll(second);

    const panel = await signedIn(t, 'panel');
    const form = await panel.agent.get(proposalPage).expect(200);
    expect(form.text).toContain('data-testid="amends"');
    expect(form.text).toContain(`<input type="hidden" name="amends" value="${first}">`);
    expect(form.text).toContain(`href="/console/decisions/${first}/document"`);

    const fields = { _csrf: panel.csrf, decisionId: second, amends: first, ...issueForm(actions) };
    const noReason = await panel.agent.post(`${proposalPage}/issue`).type('form').send(fields).expect(422);
    expect(noReason.text).toContain('href="#issue-amend-reason"');
    expect(noReason.text).toContain('id="issue-amend-reason-error"');
    expect((await t.prisma.decision.findUniqueOrThrow({ where: { id: second } })).status).toBe('proposed');

    await panel.agent
      .post(`${proposalPage}/issue`)
      .type('form')
      .send({ ...fields, amendReason: 'The trust resubmitted with the senate review attached' })
      .expect(303);
    expect(await t.prisma.decision.findUniqueOrThrow({ where: { id: second } })).toMatchObject({ status: 'issued', amends: first });
    expect(await t.prisma.decision.findUniqueOrThrow({ where: { id: first } })).toMatchObject({ status: 'superseded', supersededBy: second });
  });
});

describe('who may do what', () => {
  const ref = 'RCF-2017-812';
  let decisionId: string;
  beforeAll(async () => {
    const a = await t.submitAndWait({ family: 'reconfiguration', subject: ref, period: MATERNITY_PERIOD, facts: maternityProposalFacts() }, 'panel');
    decisionId = a.decisions[0].id;
  });

  it('Board staff read the proposal with no form, and the assessment page offers no Confirm', async () => {
    const board = await signedIn(t, 'board');
    const res = await board.agent.get(`/console/proposals/${ref}`).expect(200);
    expect(res.text).toContain('data-testid="read-only"');
    expect(res.text).not.toContain('/judgements"');
    expect(res.text).not.toContain('/issue"');
    expect(res.text).not.toContain('Issue the assurance report');
    const proposal = await t.as('auditor').get(`/api/v1/proposals/${ref}`).expect(200);
    const assessment = await board.agent.get(`/console/assessments/${proposal.body.current.assessmentId}`).expect(200);
    expect(assessment.text).not.toContain('Confirm and issue');
    expect(assessment.text).toContain(`href="/console/proposals/${ref}"`);
    // And their forms are refused even when posted by hand.
    await board.agent
      .post(`/console/proposals/${ref}/judgements`)
      .type('form')
      .send({ _csrf: board.csrf, decisionId, 'judgements.0.test': 'T1', 'judgements.0.agree': 'agree' })
      .expect(403);
    expect(await t.prisma.reconfigurationJudgement.count({ where: { decisionId } })).toBe(0);
  });

  it('refuses a form without its CSRF token, and records nothing', async () => {
    const panel = await signedIn(t, 'panel');
    const res = await panel.agent
      .post(`/console/proposals/${ref}/judgements`)
      .type('form')
      .send({ decisionId, 'judgements.0.test': 'T1', 'judgements.0.agree': 'agree' })
      .expect(403);
    expect(res.text).toContain('security token');
    await panel.agent.post(`/console/proposals/${ref}/issue`).type('form').send({ _csrf: 'not-the-token' }).expect(403);
    expect(await t.prisma.reconfigurationJudgement.count({ where: { decisionId } })).toBe(0);
  });

  it('an unknown or malformed reference is a page not found, never an error of ours', async () => {
    const panel = await signedIn(t, 'panel');
    for (const path of ['/console/proposals/RCF-2099-001', '/console/proposals/not%20a%20ref', '/console/proposals/%3Cscript%3E']) {
      const res = await panel.agent.get(path).expect(404);
      expect(res.text).toContain('Page not found');
      expect(res.text).not.toContain('<script>');
    }
    await panel.agent.post('/console/proposals/not-a-ref/issue').type('form').send({ _csrf: panel.csrf }).expect(404);
  });
});
