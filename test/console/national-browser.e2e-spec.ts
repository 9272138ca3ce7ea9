// The national home page in a real browser: signing in lands on it, its charts render under the
// console's CSP, the region filter narrows it, and axe finds nothing serious there or on a CCG
// page whose level chart is coloured by level. Screenshots under test-artifacts/console/.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { interventionAssessment } from '../support/intervention-facts.js';
import { qpAssessment } from '../support/qp-facts.js';
import type { TestApp } from '../support/test-app.js';
import { ARTIFACTS, checkPage, seriousViolations, startConsoleInBrowser, type Browser } from './browser.js';

// A shared two-core machine under load can make axe runs slow; keep a margin per test.
jest.setTimeout(120_000);

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;
const refused: string[] = [];

beforeAll(async () => {
  ({ t, base, browser, page } = await startConsoleInBrowser());
  // An inline style or script the CSP blocks shows up as a console error. (The NHS.UK stylesheet's
  // web fonts from assets.nhs.uk are refused on every page, by font-src: not this page's doing.)
  page.on('console', (message) => {
    if (message.type() === 'error' && /style-src|script-src|inline/.test(message.text())) refused.push(message.text());
  });
  const confirm = (decisionId: string) => t.as('board').post(`/api/v1/decisions/${decisionId}/confirm`).send({}).expect(200);
  // Quality Premium for 00C (North of England) and 07L (London); 02N climbs the intervention
  // ladder from level 0 to 2 over three quarters (18 weeks missed), 00C stays at level 0.
  for (const code of ['00C', '07L']) await confirm((await t.submitAndWait(qpAssessment(code))).decisions[0].id);
  const missed = { 'standards.rtt18WeeksIncompletePct': 91.1 };
  for (const quarter of ['2013-Q1', '2013-Q2', '2013-Q3']) {
    await confirm((await t.submitAndWait(interventionAssessment('02N', quarter, missed))).decisions[0].id);
  }
  await confirm((await t.submitAndWait(interventionAssessment('00C', '2013-Q1'))).decisions[0].id);
  await t.submitAndWait(qpAssessment('07M'));
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Screenshot and accessibility check of the page as it is now. */
const check = (name: string): Promise<void> => checkPage(page, name);

const figureValue = (name: string) => page.locator(`[data-figure="${name}"] .console-figure__value`).textContent();

describe('the national home page in a browser', () => {
  it('is where signing in lands, with its charts drawn', async () => {
    await page.goto(`${base}/console/sign-in`);
    await page.getByLabel('API key').fill(t.keys.board);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/console`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('National picture');
    await expect(figureValue('Quality Premium: Proposed, awaiting review')).resolves.toBe('1');

    // Each chart is one image to assistive technology, named by its title, with bars drawn to
    // scale: the level-1 and level-2 bars of 02N's quarters are visible and coloured by tone.
    const ladder = page.getByRole('img', { name: 'CCGs at each intervention level, per quarter' });
    await expect(ladder.isVisible()).resolves.toBe(true);
    const caution = page.locator('[data-picture="Intervention"] svg.console-chart rect.console-bar--caution');
    const heights = await caution.evaluateAll((rects) => rects.map((r) => (r as unknown as { getBBox(): { height: number } }).getBBox().height));
    expect(heights.filter((h) => h > 0)).toHaveLength(2);
    // Colour comes from the stylesheet (the CSP allows no inline style): a caution bar is amber.
    const fill = await caution.first().evaluate((r) => r.ownerDocument.defaultView!.getComputedStyle(r).fill);
    expect(fill).toBe('rgb(255, 184, 28)');
    await expect(page.getByRole('img', { name: 'Quality Premium decisions by scheme year' }).isVisible()).resolves.toBe(true);
    expect(refused).toEqual([]);
    await check('home');
  });

  it('filters by region: a CCG outside it disappears from every section', async () => {
    await expect(page.locator('[data-testid="oldest-waiting"] tbody tr').count()).resolves.toBe(1);
    await page.getByLabel('Region').selectOption('North of England');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await page.waitForURL(/region=North\+of\+England/);
    await expect(page.getByTestId('scope').textContent()).resolves.toMatch(/^North of England: \d+ CCGs$/);
    // 07M (London) was the one Quality Premium proposal waiting.
    await expect(figureValue('Quality Premium: Proposed, awaiting review')).resolves.toBe('0');
    await expect(page.locator('[data-testid="oldest-waiting"]').count()).resolves.toBe(0);
    await expect(page.getByLabel('Region').locator('option:checked').textContent()).resolves.toMatch(/^North of England \(\d+\)$/);
    expect(refused).toEqual([]);
    await check('home-filtered');
  });

  it("colours a CCG's level chart by level", async () => {
    await page.goto(`${base}/console/ccgs/02N`);
    const chart = page.getByRole('img', { name: 'Intervention: level by period' });
    await expect(chart.isVisible()).resolves.toBe(true);
    const bars = chart.locator('rect.console-bar');
    await expect(bars.evaluateAll((rects) => rects.map((r) => r.getAttribute('class')))).resolves.toEqual([
      'console-bar console-bar--good',
      'console-bar console-bar--caution',
      'console-bar console-bar--caution',
    ]);
    // Level 0 too is drawn (low), so its colour shows.
    const heights = await bars.evaluateAll((rects) => rects.map((r) => (r as unknown as { getBBox(): { height: number } }).getBBox().height));
    expect(heights.every((h) => h > 0)).toBe(true);
    const fills = await bars.evaluateAll((rects) => rects.map((r) => r.ownerDocument.defaultView!.getComputedStyle(r).fill));
    expect(new Set(fills).size).toBe(2);
    // The same numbers in a table beside the chart.
    await expect(page.locator('table', { hasText: 'Intervention: level by period' }).locator('tbody tr').allTextContents()).resolves.toEqual([
      expect.stringMatching(/2013-Q1\s*0/),
      expect.stringMatching(/2013-Q2\s*1/),
      expect.stringMatching(/2013-Q3\s*2/),
    ]);
    await page.locator('figure[data-chart^="standing-"]').screenshot({ path: join(ARTIFACTS, 'ccg-level-chart.png') });
    expect(refused).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
