// The barrier channel in a real browser, for both sides. A CCG user signs in and lands on its own
// CCG, opens the raise form, is told inline what is missing, then raises the barrier. Board staff
// open the triage queue (another CCG's barrier overdue, said in words), triage the new barrier,
// link it with the other under one national issue and respond. The CCG reads the Board's answer
// on its barrier's page and rejects it. Every page passes axe; the main ones are kept as
// screenshots under test-artifacts/console/.
import type { Page } from 'playwright-core';
import { qpAssessment } from '../support/qp-facts.js';
import { TEST_CCG, type TestApp } from '../support/test-app.js';
import { screenshot, seriousViolations, startConsoleInBrowser, type Browser } from './browser.js';

// A shared two-core machine under load can make axe runs slow; keep a margin per test.
jest.setTimeout(120_000);

const B = '02N';
let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;
let theirs = '';
let ours = '';

beforeAll(async () => {
  ({ t, base, browser, page } = await startConsoleInBrowser());
  // A decision issued to the CCG, and another CCG's barrier, triaged national and overdue.
  const decision = (await t.submitAndWait(qpAssessment(TEST_CCG))).decisions[0].id;
  await t.as('board').post(`/api/v1/decisions/${decision}/confirm`).send({}).expect(200);
  const other = await t.ccgKey(B);
  theirs = (
    await other.as
      .post('/api/v1/barriers')
      .send({
        objectives: [14],
        actionArea: 'information-sharing-technology',
        stopsLocally: 'Community nurses cannot see hospital discharge summaries, so visits start without them.',
        nationalBodies: ['department-of-health'],
        raisedOn: '2013-09-02',
      })
      .expect(201)
  ).body.ref;
  await t
    .as('board')
    .post(`/api/v1/barriers/${theirs}/triage`)
    .send({ triage: 'national', reason: 'Every CCG using these systems meets it.', owner: 'Director of Digital', responseDue: '2013-12-31' })
    .expect(200);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signIn(key: string, lands: RegExp): Promise<void> {
  await browser.context.clearCookies();
  await page.goto(`${base}/console`);
  expect(new URL(page.url()).pathname).toBe('/console/sign-in');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(lands, { waitUntil: 'domcontentloaded' });
}

/** The accessibility check of the page as it is now, and its screenshot when named. */
async function check(label: string, screenshotName?: string): Promise<void> {
  if (screenshotName) await screenshot(page, screenshotName);
  expect({ page: label, violations: await seriousViolations(page) }).toEqual({ page: label, violations: [] });
}

describe('the barrier channel in a browser', () => {
  it('a CCG user lands on its own CCG and raises a barrier, told inline what is missing first', async () => {
    await signIn(t.keys.ccg, /\/console\/my-ccg$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('NHS Darlington CCG');
    const menu = page.getByRole('navigation', { name: 'Menu' });
    await expect(menu.getByRole('link').allTextContents()).resolves.toEqual(['My CCG', 'Barriers']);
    await expect(page.getByTestId('decisions').getByRole('link').count()).resolves.toBe(1);
    await check('ccg-home', 'ccg-home');

    await page.getByRole('link', { name: 'Raise a barrier' }).click();
    await page.waitForURL(`${base}/console/barriers/new`);
    await check('barrier-new (blank)');

    await page.locator('#objective-13').check();
    await page.locator('#objective-14').check();
    await page.getByLabel('Better use of technology to share information').check();
    await page.getByLabel('What you have seen').fill('Three discharge summaries lost between systems in July.');
    await page.getByRole('button', { name: 'Raise the barrier' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor();
    await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
      'Say what the barrier stops locally, in 10 to 4,000 characters',
      'Choose at least one national body',
    ]);
    // What was typed is kept; the summary leads to the field.
    await expect(page.locator('#objective-14').isChecked()).resolves.toBe(true);
    await summary.getByRole('link', { name: /stops locally/ }).click();
    await expect(page.locator('#stopsLocally-error').textContent()).resolves.toContain('Say what the barrier stops locally');
    await check('barrier-new (error)', 'barrier-new');
    expect(await t.prisma.barrier.count({ where: { ccgCode: TEST_CCG } })).toBe(0);

    await page
      .getByLabel('What does it stop locally?')
      .fill('GP and hospital systems cannot share the care record, so the shared care plan lives on paper.');
    await page.getByLabel('Department of Health').check();
    await page.getByRole('button', { name: 'Raise the barrier' }).click();
    await page.waitForURL(/\/console\/barriers\/BAR-\d{4}-\d{4}\?done=raised$/);
    ours = /BAR-\d{4}-\d{4}/.exec(page.url())![0];
    await expect(page.locator('[role="status"]').textContent()).resolves.toContain('The barrier has been raised');
    await expect(page.getByTestId('status').textContent()).resolves.toBe('Awaiting triage');
    await check('barrier page (CCG, raised)');
  });

  it('Board staff triage it from the queue, link it with the overdue one and respond once for both', async () => {
    await signIn(t.keys.board, /\/console$/);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Barriers' }).click();
    await page.waitForURL(`${base}/console/barriers`);
    const overdue = page.locator(`tr[data-barrier="${theirs}"]`);
    await expect(overdue.getByTestId('due').textContent()).resolves.toMatch(/^Overdue31 December 2013: overdue by \d+ days$/);
    await expect(page.locator(`tr[data-barrier="${ours}"]`).textContent()).resolves.toContain('NHS Darlington CCG (00C)');
    await check('barriers-triage', 'barriers-triage');

    await page.locator(`tr[data-barrier="${ours}"]`).getByRole('link', { name: ours }).click();
    await page.waitForURL(`${base}/console/barriers/${ours}`);
    await check('barrier page (Board, raised)');

    const triage = page.locator('#triage-form');
    await triage.getByLabel('A national barrier').check();
    await triage.getByLabel('Reason for the triage').fill('Every CCG using these systems meets it: the standards are national.');
    await triage.getByLabel('Owner at the Board').fill('Director of Digital');
    await triage.getByLabel('Response due').fill('2099-03-31');
    await triage.getByRole('button', { name: 'Record the triage' }).click();
    await page.waitForURL(/done=triaged/);
    await expect(page.getByTestId('triage').textContent()).resolves.toContain('Director of Digital');

    const link = page.locator('#link-form');
    await link.locator(`input[value="${theirs}"]`).check();
    await link.getByLabel('Title of the national issue').fill('Care records cannot be shared between GP and hospital systems');
    await link.getByRole('button', { name: 'Link under one national issue' }).click();
    await page.waitForURL(/done=linked/);
    await expect(page.getByTestId('other-barriers').textContent()).resolves.toContain(theirs);

    const respond = page.locator('#respond-form');
    await respond
      .getByLabel("The Board's response")
      .fill('National record-sharing standards are due in 2014; every CCG will be told when they are published.');
    await respond.getByLabel('National action taken or to be taken').fill('Interoperability standards commissioned from the Department of Health');
    await respond.getByRole('button', { name: 'Record the response' }).click();
    await page.waitForURL(/done=responded/);
    await expect(page.getByTestId('status').textContent()).resolves.toBe('Answered');
    await expect(page.getByTestId('response').textContent()).resolves.toContain('National record-sharing standards are due in 2014');
    await check('barrier-board', 'barrier-board');
    for (const ref of [ours, theirs]) expect((await t.prisma.barrier.findUniqueOrThrow({ where: { ref } })).status).toBe('answered');

    // The reports: the quarters on record, and a quarterly letter as it is printed.
    await page.goto(`${base}/console/barrier-reports`);
    await check('barrier-reports', 'barrier-reports');
    await page.goto(`${base}/console/barrier-reports/quarterly?quarter=2013-Q4`);
    await expect(page.locator('h1').first().textContent()).resolves.toMatch(/2013-Q4|quarter/i);
    await check('quarterly-letter', 'quarterly-letter');
  });

  it('the CCG reads the Board’s answer on its barrier’s page and rejects it', async () => {
    await signIn(t.keys.ccg, /\/console\/my-ccg$/);
    await expect(page.locator(`tr[data-barrier="${ours}"]`).getByTestId('answer').textContent()).resolves.toContain(
      'National record-sharing standards',
    );
    await page.getByRole('link', { name: ours }).click();
    await page.waitForURL(`${base}/console/barriers/${ours}`);
    await expect(page.getByTestId('response').textContent()).resolves.toContain('Interoperability standards commissioned');
    // Which other CCG raised the issue is the Board's to know.
    await expect(page.content()).resolves.not.toContain(theirs);
    await check('barrier-ccg', 'barrier-ccg');

    const reject = page.locator('#reject-form');
    await reject.getByLabel('Why the response does not answer the barrier').fill('A date in 2014 does not help the patients discharged this winter.');
    await reject.getByRole('button', { name: 'Reject this response' }).click();
    await page.waitForURL(/done=rejected/);
    await expect(page.getByTestId('rejection').textContent()).resolves.toContain('does not help the patients discharged this winter');
    await expect(page.locator('#reject-form').count()).resolves.toBe(0);
    await check('barrier page (CCG, rejected)');
  });
});
