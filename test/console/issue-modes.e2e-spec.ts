// The review page offers Board staff only the ways a family's decisions are issued: Quality
// Premium proposals are confirmed or overridden; reconfiguration reports are issued by the panel.
import { qpAssessment, qpFacts } from '../support/qp-facts.js';
import { MATERNITY_PERIOD, maternityProposalFacts } from '../support/reconfiguration-facts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signedIn } from './console-support.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function claimedPage(assessmentId: string): Promise<string> {
  const { agent, csrf } = await signedIn(t, 'board');
  await agent.post(`/console/assessments/${assessmentId}/claim`).type('form').send({ _csrf: csrf });
  return (await agent.get(`/console/assessments/${assessmentId}`).expect(200)).text;
}

it('a Quality Premium proposal: Confirm and Override, once claimed', async () => {
  const qp = await t.submitAndWait(qpAssessment('00C'));
  const page = await claimedPage(qp.id);
  expect(page).toContain('Confirm and issue');
  expect(page).toContain('Override and issue');
  expect(page).not.toContain('data-testid="panel-issues"');
});

it('a reconfiguration report: no Confirm, no Override, but who issues it and how', async () => {
  const proposal = await t.submitAndWait(
    { family: 'reconfiguration', subject: 'RCF-2017-901', period: MATERNITY_PERIOD, facts: maternityProposalFacts() },
    'panel',
  );
  const page = await claimedPage(proposal.id);
  expect(page).not.toContain('Confirm and issue');
  expect(page).not.toContain('Override and issue');
  expect(page).not.toContain('/claim"');
  expect(page).toContain('data-testid="panel-issues"');
  // Linked to the panel's own page of the proposal, not told as an API path.
  expect(page).toContain('href="/console/proposals/RCF-2017-901"');
  expect(page).not.toContain('/api/v1/proposals');
});

it('the queue colours each proposal by what it means, payable green and not payable red, and says the amount', async () => {
  const payable = await t.submitAndWait(qpAssessment('00D'));
  const gateways = qpFacts().gateways as { financial: Record<string, boolean> };
  const notPayable = await t.submitAndWait(
    qpAssessment('00F', qpFacts({ gateways: { ...gateways, financial: { ...gateways.financial, unplannedDeficit: true } } })),
  );
  const { agent } = await signedIn(t, 'board');
  const queue = (await agent.get('/console/queue').expect(200)).text;
  const rowOf = (id: string) =>
    queue.slice(queue.indexOf(`data-assessment="${id}"`), queue.indexOf('</tr>', queue.indexOf(`data-assessment="${id}"`)));
  // In words, the key kept for whoever reads it.
  expect(rowOf(payable.id)).toContain('<strong class="nhsuk-tag nhsuk-tag--green" data-key="payable">Payable</strong>');
  expect(rowOf(notPayable.id)).toContain('<strong class="nhsuk-tag nhsuk-tag--red" data-key="not-payable">Not payable</strong>');
  expect(queue).not.toContain('>not-payable<');
  // And says the amount, in pounds and as a share of the CCG's maximum.
  expect(rowOf(payable.id)).toMatch(/data-testid="summary">£[\d,]+\.\d\d \(\d+(\.\d)?% of £[\d,]+\.\d\d\)</);
  expect(rowOf(notPayable.id)).toMatch(/data-testid="summary">£0\.00 \(0(\.0)?% of £/);
});

it('an item another reviewer holds offers no second Claim; a decided one shows no claim at all', async () => {
  const qp = await t.submitAndWait(qpAssessment('00J'));
  await claimedPage(qp.id); // test-board holds it now
  const other = await startTestApp({ databaseUrl: t.config.DATABASE_URL, config: { ROLE: 'api' } });
  try {
    const { agent } = await signedIn(other, 'board');
    const held = (await agent.get(`/console/assessments/${qp.id}`).expect(200)).text;
    expect(held).not.toContain('Claim for review');
    expect(held).toContain('is reviewing this assessment');
  } finally {
    await other.close();
  }
  await t.as('board').post(`/api/v1/decisions/${qp.decisions[0].id}/confirm`).send({}).expect(200);
  const { agent } = await signedIn(t, 'board');
  const decided = (await agent.get(`/console/assessments/${qp.id}`).expect(200)).text;
  expect(decided).not.toContain('data-testid="claim"');
  expect(decided).not.toContain('Claim for review');
});

it('the review page says its outcome in words; a form sent again for the decision issued says so, and by whom', async () => {
  const qp = await t.submitAndWait(qpAssessment('00K'));
  const { agent, csrf } = await signedIn(t, 'board');
  await agent.post(`/console/assessments/${qp.id}/claim`).type('form').send({ _csrf: csrf }).expect(303);
  const page = (await agent.get(`/console/assessments/${qp.id}`).expect(200)).text;
  expect(page).toMatch(
    /data-testid="decision"><strong class="nhsuk-tag nhsuk-tag--yellow">Proposed<\/strong> <span data-key="payable">Payable<\/span>/,
  );
  // The claim's end as a time of day, not an ISO instant.
  expect(page).toMatch(/data-testid="claim">You, until \d\d:\d\d UTC</);

  // An amount that is not one, beside the amount field, in pounds.
  const bad = await agent
    .post(`/console/assessments/${qp.id}/override`)
    .type('form')
    .send({ _csrf: csrf, reason: 'Checked against the audited accounts.', 'outcome.payablePence': 'abc' })
    .expect(422);
  expect(bad.text).toContain(
    '<span class="nhsuk-error-message" id="outcome-payablePence-error"><span class="nhsuk-u-visually-hidden">Error:</span> Enter an amount in pounds, like £250,000</span>',
  );
  expect(bad.text).toContain('<a href="#outcome-payablePence">Enter an amount in pounds, like £250,000</a>');
  expect(bad.text).not.toMatch(/Invalid input|expected number|payablePence:/);
  // A huge amount's limit in pounds, a negative one's too, and a note too long in characters.
  const huge = await agent
    .post(`/console/assessments/${qp.id}/override`)
    .type('form')
    .send({ _csrf: csrf, reason: 'Checked against the audited accounts.', 'outcome.payablePence': '999999999999999999999' })
    .expect(422);
  expect(huge.text).toContain('Enter an amount of £90,071,992,547,409.91 or less');
  const negative = await agent
    .post(`/console/assessments/${qp.id}/override`)
    .type('form')
    .send({ _csrf: csrf, reason: 'Checked against the audited accounts.', 'outcome.payablePence': '-5' })
    .expect(422);
  expect(negative.text).toContain('Enter an amount of £0 or more');
  const note = await agent
    .post(`/console/assessments/${qp.id}/confirm`)
    .type('form')
    .send({ _csrf: csrf, note: 'x'.repeat(2001) })
    .expect(422);
  expect(note.text).toContain('<a href="#confirm-note">Enter a note of 2,000 characters or fewer</a>');

  await agent.post(`/console/assessments/${qp.id}/confirm`).type('form').send({ _csrf: csrf }).expect(303);
  // Back, and Confirm again: the page as it stands, saying it was issued by you, linking to it.
  const again = await agent.post(`/console/assessments/${qp.id}/confirm`).type('form').send({ _csrf: csrf }).expect(409);
  expect(again.text).toContain('This decision has already been issued by you');
  expect(again.text).toContain(`<a href="/console/decisions/${qp.decisions[0].id}/document">Open the decision as issued</a>`);
  expect(again.text).not.toContain('Someone got there first');
  const override = await agent
    .post(`/console/assessments/${qp.id}/override`)
    .type('form')
    .send({ _csrf: csrf, reason: 'Checked against the audited accounts.', 'outcome.payablePence': '100' })
    .expect(409);
  expect(override.text).toContain('This decision has already been issued by you');
  const issued = (await agent.get(`/console/assessments/${qp.id}`).expect(200)).text;
  expect(issued).toMatch(/<strong class="nhsuk-tag nhsuk-tag--green">Issued<\/strong> <span data-key="payable">Payable<\/span>/);
});
