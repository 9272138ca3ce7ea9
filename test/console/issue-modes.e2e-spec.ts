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
  expect(rowOf(payable.id)).toContain('nhsuk-tag nhsuk-tag--green">payable<');
  expect(rowOf(notPayable.id)).toContain('nhsuk-tag nhsuk-tag--red">not-payable<');
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
