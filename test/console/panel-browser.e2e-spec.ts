// The stage 2 panel in a real browser: signs in, opens Proposals from the menu, records a
// judgement on every applicable test (one of them another result, with a reason), is told inline
// that the report cannot be issued while a test is unjudged, adds an action with its owner and
// issues. The pages pass axe before and after issuing and are kept as screenshots under
// test-artifacts/console/.
import type { Page } from 'playwright-core';
import { MATERNITY_PERIOD, maternityProposalFacts } from '../support/reconfiguration-facts.js';
import type { TestApp } from '../support/test-app.js';
import { checkPage, startConsoleInBrowser, type Browser } from './browser.js';

// A shared two-core machine under load can make axe runs slow; keep a margin per test.
jest.setTimeout(120_000);

const REF = 'RCF-2017-821';
let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;
let decisionId: string;

beforeAll(async () => {
  ({ t, base, browser, page } = await startConsoleInBrowser());
  const a = await t.submitAndWait({ family: 'reconfiguration', subject: REF, period: MATERNITY_PERIOD, facts: maternityProposalFacts() }, 'panel');
  decisionId = a.decisions[0].id;
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Screenshot and accessibility check of the page as it is now. */
const check = (name: string): Promise<void> => checkPage(page, name);

/** Records one test's judgement through its form and waits until the page lists it. */
async function judge(test: string, other?: { result: string; reason: string }): Promise<void> {
  const form = page.locator(`#judgement-${test}`);
  if (other) {
    await form.getByLabel('Another result').check();
    await form.getByLabel("The panel's result").selectOption({ label: other.result });
    await form.getByLabel('Reason').fill(other.reason);
  } else {
    await form.getByLabel(/Agree with the engine's result/).check();
  }
  await form.getByRole('button', { name: `Record the judgement on ${test}` }).click();
  await page.getByTestId(`judgements-${test}`).waitFor();
}

describe('the reconfiguration panel in a browser', () => {
  it('opens Proposals from the menu and the proposal from the list', async () => {
    await browser.context.clearCookies();
    await page.goto(`${base}/console/queue`);
    await page.getByLabel('API key').fill(t.keys.panel);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console\/queue/, { waitUntil: 'domcontentloaded' });

    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Proposals' }).click();
    await page.waitForURL(`${base}/console/proposals`);
    const row = page.locator(`tr[data-proposal="${REF}"]`);
    await expect(row.getByTestId('status').textContent()).resolves.toBe('Awaiting the panel');
    await check('proposals');

    await row.getByRole('link', { name: REF }).click();
    await page.waitForURL(`${base}/console/proposals/${REF}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('maternity units');
    await expect(page.locator('form[id^="judgement-"]').count()).resolves.toBe(7);
    await check('proposal-review');
  });

  it('records judgements, is refused while a test is unjudged, then issues with an action and its owner', async () => {
    await judge('T1');
    await judge('T2', { result: 'Met with actions', reason: 'The scrutiny committee objects: a plan to answer its objection is needed first' });
    await expect(page.getByTestId('judgements-T2').textContent()).resolves.toContain('Met with actions (differs)');

    // Issuing now is refused: the summary names each unjudged test and links to its form.
    await page.getByRole('button', { name: 'Issue the assurance report' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toContain('Record a judgement on T3 before issuing the report');
    await summary.getByRole('link', { name: 'Record a judgement on P2 before issuing the report' }).click();
    await expect(page.locator('#judge-P2-agree').isVisible()).resolves.toBe(true);
    await expect(page.locator('#judge-P2-error').textContent()).resolves.toContain('Record a judgement on P2');

    for (const test of ['T3', 'T4', 'T5', 'P1', 'P2']) await judge(test);
    await expect(page.getByTestId('still-to-judge').textContent()).resolves.toContain('the report can be issued');

    const issue = page.locator('#issue-form');
    await issue.getByLabel('Action 1: test').selectOption('T2');
    await issue.getByLabel('Action 1: what is to be done').fill('Publish a plan answering the scrutiny committee’s objection');
    await issue.getByLabel('Action 1: owner').fill('NHS Cumbria CCG');
    await issue.getByLabel('Note (optional)').fill('Assured once the plan is published.');
    await issue.getByRole('button', { name: 'Issue the assurance report' }).click();
    await page.waitForURL(/done=issued/);
    await expect(page.locator('[role="status"]').textContent()).resolves.toContain('The assurance report has been issued');
    await expect(page.getByTestId('panel-assurance').textContent()).resolves.toContain('Assured with actions');
    await expect(page.getByTestId('issued-actions').textContent()).resolves.toContain('NHS Cumbria CCG');
    await expect(page.locator('form[id^="judgement-"], #issue-form').count()).resolves.toBe(0);
    await check('proposal-issued');

    const decision = await t.prisma.decision.findUniqueOrThrow({ where: { id: decisionId } });
    expect(decision).toMatchObject({ status: 'issued', finalKey: 'assured-with-actions', reviewedBy: 'test-panel', overridden: true });
    expect((decision.finalOutcome as { differences: string[] }).differences).toEqual(['T2']);

    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Proposals' }).click();
    await page.waitForURL(`${base}/console/proposals`);
    await expect(page.locator(`tr[data-proposal="${REF}"]`).getByTestId('status').textContent()).resolves.toBe('Issued');
    await check('proposals-issued');
  });
});
