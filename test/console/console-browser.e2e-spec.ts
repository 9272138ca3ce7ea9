// The console in a real browser: each role signs in; an item goes from the queue to an issued
// decision (confirmed, and overridden after an inline error); the audit chain is verified and an
// evaluation replayed from the page. Every main page is checked by axe and kept as a screenshot
// under test-artifacts/console/.
import type { Page } from 'playwright-core';
import type { ApiRole } from '../../src/auth/api-key.js';
import { qpAssessment, qpFacts, qpNextYearAssessment } from '../support/qp-facts.js';
import type { TestApp } from '../support/test-app.js';
import { checkPage, startConsoleInBrowser, type Browser } from './browser.js';
import { submitAndWait } from './console-support.js';

// A shared two-core machine under load can make axe runs slow; keep a margin per test.
jest.setTimeout(120_000);

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;

beforeAll(async () => {
  ({ t, base, browser, page } = await startConsoleInBrowser());
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signIn(role: ApiRole): Promise<void> {
  await browser.context.clearCookies();
  await page.goto(`${base}/console/queue`);
  expect(new URL(page.url()).pathname).toBe('/console/sign-in');
  await page.getByLabel('API key').fill(t.keys[role]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console\/queue/, { waitUntil: 'domcontentloaded' });
  await expect(page.getByTestId('signed-in-as').textContent()).resolves.toContain(`(${role})`);
}

/** Screenshot and accessibility check of the page as it is now. */
const check = (name: string): Promise<void> => checkPage(page, name);

describe('the review console in a browser', () => {
  let first: { id: string; decisionId: string; evaluationId: string };
  let second: { id: string; decisionId: string; evaluationId: string };
  let other: { id: string; decisionId: string; evaluationId: string };

  beforeAll(async () => {
    // 00C's 2014/15 and 2013/14, and 01A: three current proposals. The second 2013/14
    // assessment of 00C comes later, once the first has been issued, and amends it.
    await submitAndWait(t, qpNextYearAssessment('00C'));
    first = await submitAndWait(t, qpAssessment('00C'));
    other = await submitAndWait(t, qpAssessment('01A'));
  });

  it('signs in on the sign-in page, which passes axe', async () => {
    await browser.context.clearCookies();
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await check('sign-in');
    await page.getByLabel('API key').fill('ccg_board_not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('.nhsuk-error-summary').textContent()).resolves.toContain('not recognised');
  });

  it('Board staff work an item from the queue to an issued decision', async () => {
    await signIn('board');
    await expect(page.locator('tbody tr').count()).resolves.toBe(3);
    await check('queue');

    await page.getByLabel('CCG', { exact: true }).selectOption('00C');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.locator('tbody tr').count()).resolves.toBe(2);
    // CCGs are chosen by name.
    await expect(page.getByLabel('CCG', { exact: true }).locator('option:checked').textContent()).resolves.toMatch(/^NHS .+ CCG \(00C\) \(2\)$/);

    // Oldest first; the 2013/14 assessment of 00C is the one worked here.
    await page.locator(`tr[data-assessment="${first.id}"] a`).click();
    await page.waitForURL(`**/console/assessments/${first.id}`);
    await expect(page.getByRole('heading', { level: 2, name: 'How the rules were applied' }).isVisible()).resolves.toBe(true);
    const explanation = page.locator('table', { hasText: 'Every condition of every rule' });
    await expect(explanation.locator('tbody tr').count()).resolves.toBeGreaterThan(5);
    // In words: facts spelt out, operators said ("at least"), conditions met or not.
    const text = (await explanation.textContent()) ?? '';
    expect(text).toMatch(/\bmet\b/);
    expect(text).toContain('gateways › financial › unplanned deficit');
    expect(text).toContain('at least');
    expect(text).not.toMatch(/greaterThanInclusive|lessThanInclusive/);
    // Values in words too: yes and no, not JSON's true and false.
    expect(text).not.toMatch(/\b(true|false)\b/);
    const document = page.frameLocator('iframe.console-document');
    await expect(document.locator('body').textContent()).resolves.toContain('Proposed decision');
    // The document is shown whole: its frame grows to its content, no box to scroll inside.
    const contentHeight = await document.locator('html').evaluate((html) => html.scrollHeight);
    const frameHeight = await page.locator('iframe.console-document').evaluate((frame) => frame.getBoundingClientRect().height);
    expect(contentHeight).toBeGreaterThan(640);
    expect(Math.abs(frameHeight - contentHeight)).toBeLessThan(8);

    await page.getByRole('button', { name: 'Claim for review' }).click();
    await page.waitForURL(/done=claimed/);
    await expect(page.getByTestId('claim').textContent()).resolves.toContain('You');
    await check('review');

    await page.getByLabel('Note (optional)').fill('Checked against the returns');
    await page.getByRole('button', { name: 'Confirm and issue' }).click();
    await page.waitForURL(/done=issued/);
    await expect(page.getByTestId('assessment-status').textContent()).resolves.toBe('decided');
    await expect(page.frameLocator('iframe.console-document').locator('body').textContent()).resolves.toContain('Issued');
    const decision = await t.prisma.decision.findUniqueOrThrow({ where: { id: first.decisionId } });
    expect(decision).toMatchObject({ status: 'issued', reviewedBy: 'test-board', overridden: false });

    await page.goto(`${base}/console/decisions/${first.decisionId}/document`);
    await check('document');
  });

  it('shows what changed since the last assessment, and overrides with inline errors first', async () => {
    const changed = qpFacts();
    (changed.measures as Record<string, unknown>).N2 = { emergencyAdmissionsChangePct: 0.8 };
    second = await submitAndWait(t, qpAssessment('00C', changed));
    await page.goto(`${base}/console/assessments/${second.id}`);
    const changes = page.locator('table', { hasText: 'Facts that changed' });
    await expect(changes.textContent()).resolves.toContain('measures.N2.emergencyAdmissionsChangePct');
    await expect(changes.textContent()).resolves.toContain('0.8');

    await page.getByRole('button', { name: 'Claim for review' }).click();
    await page.waitForURL(/done=claimed/);
    // The first 2013/14 decision stands: issuing this one replaces it, and says why.
    await expect(page.getByTestId('decision-stands').textContent()).resolves.toContain('A decision already stands');
    await page.locator('#override-amend-reason').fill('The area team restated emergency admissions after the first decision');
    await page.getByLabel('Payable (£)').fill('£250,000');
    await page.getByRole('button', { name: 'Override and issue' }).click();
    await expect(page.locator('.nhsuk-error-summary').textContent()).resolves.toContain('reason');
    await expect(page.locator('#override-reason-error').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Payable (£)').inputValue()).resolves.toBe('£250,000');

    // The family's own override schema decides what the outcome may be; its message lands inline.
    await page.getByLabel('Reason for overriding').fill('Emergency admissions data was restated by the area team');
    await page.getByLabel('Payable (£)').fill('-5');
    await page.getByRole('button', { name: 'Override and issue' }).click();
    await expect(page.locator('#outcome-payablePence-error').textContent()).resolves.toContain('Enter an amount of £0 or more');
    await expect(page.getByLabel('Reason for overriding').inputValue()).resolves.toContain('restated');
    await check('review-errors');

    await page.getByLabel('Payable (£)').fill('£250,000');
    await page.getByRole('button', { name: 'Override and issue' }).click();
    await page.waitForURL(/done=issued/);
    const decision = await t.prisma.decision.findUniqueOrThrow({ where: { id: second.decisionId } });
    expect(decision).toMatchObject({ status: 'issued', overridden: true });
    expect((decision.finalOutcome as { payablePence: number }).payablePence).toBe(25_000_000);
  });

  it('shows a CCG with its decisions per family and one timeline', async () => {
    await page.goto(`${base}/console/ccgs/00C`);
    await expect(page.locator('table', { hasText: 'Quality Premium' }).locator('tbody tr').count()).resolves.toBe(2);
    await expect(page.locator('ol').textContent()).resolves.toContain('overridden and issued');
    await check('ccg');
    await page.goto(`${base}/console/ccgs`);
    await check('ccgs');
  });

  it('panel members read proposals and cannot act', async () => {
    await signIn('panel');
    await expect(page.getByText('You can read every proposal').isVisible()).resolves.toBe(true);
    await page.goto(`${base}/console/assessments/${other.id}`);
    await expect(page.getByRole('button', { name: 'Claim for review' }).count()).resolves.toBe(0);
    await expect(page.frameLocator('iframe.console-document').locator('body').textContent()).resolves.toContain('Proposed decision');
  });

  it('auditors verify the chain and replay an evaluation from the page, and may not act', async () => {
    await signIn('auditor');
    await page.goto(`${base}/console/audit`);
    await check('audit');
    await page.getByRole('button', { name: 'Verify the audit chain' }).click();
    await expect(page.getByTestId('verify-result').textContent()).resolves.toContain('The chain is intact');

    await page.getByLabel('Evaluation id').fill(second.evaluationId);
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await expect(page.getByTestId('replay-verdict').textContent()).resolves.toContain('Identical');
    // The result leads back to what was replayed.
    await expect(page.getByTestId('replay-assessment').getAttribute('href')).resolves.toMatch(/^\/console\/assessments\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('replay-decision').getAttribute('href')).resolves.toMatch(/^\/console\/decisions\/[0-9a-f-]{36}\/document$/);
    await check('replay');

    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const post = await page.request.post(`${base}/console/assessments/${other.id}/claim`, { form: { _csrf: csrf } });
    expect(post.status()).toBe(403);
  });

  it('admins create a key (shown once) and open the queue dashboard; others may not', async () => {
    await signIn('admin');
    await page.goto(`${base}/console/admin`);
    await page.getByLabel('Who or what will use it').fill('Regional panel');
    await page.getByLabel('Role', { exact: true }).selectOption('panel');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect(page.getByTestId('created-key').textContent()).resolves.toMatch(/ccg_panel_/);
    await check('admin');
    await page.goto(`${base}/console/admin`);
    await expect(page.getByTestId('created-key').count()).resolves.toBe(0);

    const board = await page.goto(`${base}/admin/queues`);
    expect(board?.status()).toBe(200);
    await expect(page.title()).resolves.toMatch(/Bull/i);

    await signIn('board');
    const refused = await page.goto(`${base}/admin/queues`);
    expect(refused?.status()).toBe(403);
    const adminPage = await page.goto(`${base}/console/admin`);
    expect(adminPage?.status()).toBe(403);
  });
});
