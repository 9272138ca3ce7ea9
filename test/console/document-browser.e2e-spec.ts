// Decision documents and explanation tables as a reader sees them, at a desktop width (1280 px)
// and a phone's (375 px): the "How the rules were applied" table of a reconfiguration proposal
// fits the page (long citations and values wrap), and a Quality Premium document whose amount was
// set on review states the failed measure's whole test and a calculation that adds up. Each page
// is checked by axe and kept as a screenshot under test-artifacts/console/.
import type { Page } from 'playwright-core';
import { money as pounds, percent, percentDifference } from '../../src/common/format.js';
import { allAchieved201314 } from '../../src/quality-premium/quality-premium.examples.js';
import { qpAssessment, qpFacts } from '../support/qp-facts.js';
import { STROKE_PERIOD, strokeProposalFacts } from '../support/reconfiguration-facts.js';
import type { TestApp } from '../support/test-app.js';
import { screenshot, seriousViolations, startConsoleInBrowser, type Browser } from './browser.js';
import { submitAndWait } from './console-support.js';

// A shared two-core machine under load can make axe runs slow; keep a margin per test.
jest.setTimeout(120_000);

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;

const WIDTHS = [1280, 375] as const;

beforeAll(async () => {
  ({ t, base, browser, page } = await startConsoleInBrowser());
  await browser.context.clearCookies();
  await page.goto(`${base}/console/sign-in`);
  await page.getByLabel('API key').fill(t.keys.board);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'), { waitUntil: 'domcontentloaded' });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Opens a page at a width, with the decision document's frame loaded (and grown to its content). */
async function open(url: string, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  await page.goto(url);
  if ((await page.locator('iframe.console-document').count()) > 0) {
    await page.frameLocator('iframe.console-document').locator('main').waitFor();
  }
}

/** How far each element matching `selector` reaches past the viewport's right edge (0 when within). */
async function overhang(selector: string): Promise<number[]> {
  const width = await page.locator('html').evaluate((html) => html.clientWidth);
  return page.locator(selector).evaluateAll((elements, right) => elements.map((e) => Math.max(0, e.getBoundingClientRect().right - right)), width);
}

async function noSeriousViolations(name: string): Promise<void> {
  expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
}

describe('the reconfiguration explanation table', () => {
  let assessmentId: string;

  beforeAll(async () => {
    ({ id: assessmentId } = await submitAndWait(t, {
      family: 'reconfiguration',
      subject: 'RCF-2016-501',
      period: STROKE_PERIOD,
      facts: strokeProposalFacts(),
    }));
  });

  it.each(WIDTHS)('fits a page %i px wide, every cell and citation inside the viewport', async (width) => {
    await open(`${base}/console/assessments/${assessmentId}`, width);
    const table = page.locator('table', { hasText: 'Every condition of every rule' });
    await expect(table.locator('tbody tr').count()).resolves.toBeGreaterThan(5);
    const box = await table.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(width);
    // Within the page's column too (nhsuk tables are 4 px wider than it, to align their borders).
    const main = (await page.locator('main').boundingBox())!;
    expect(box!.x + box!.width).toBeLessThanOrEqual(main.x + main.width + 4);
    // Not a table that fits by being cut off: no cell reaches past the edge, and the page itself
    // does not scroll sideways.
    // (Body cells: below 768 px the header row is visually hidden, clipped to a pixel.)
    const cells = await overhang('table.console-explanation tbody th, table.console-explanation tbody td');
    expect(cells.length).toBeGreaterThan(0);
    expect(Math.max(...cells)).toBe(0);
    const scrollWidth = await page.locator('html').evaluate((html) => html.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(width);
    // The citations are there in full, not clipped.
    const citation = await table.locator('td.console-explanation__citation').first().textContent();
    expect(citation?.length).toBeGreaterThan(20);
    await screenshot(page, width === 1280 ? 'reconfiguration-assessment' : `reconfiguration-assessment-${width}`);
    await noSeriousViolations(`reconfiguration assessment at ${width} px`);
  });
});

describe('a Quality Premium document with the amount set on review', () => {
  let assessmentId: string;
  let decisionId: string;
  const reason = 'Roll-out evidence arrived after the deadline; the area team asks for part payment';

  beforeAll(async () => {
    // N3 improved its score but the Friends and Family Test was not rolled out on time.
    const measures = { ...allAchieved201314().measures, N3: { fftRolledOutOnTime: false, fftScoreChange: 1.3 } };
    const submitted = await submitAndWait(t, qpAssessment('00C', qpFacts({ measures })));
    assessmentId = submitted.id;
    decisionId = submitted.decisionId;
  });

  it("states the failed measure's whole test and a calculation that adds up", async () => {
    const proposed = (await t.as('board').get(`/api/v1/decisions/${decisionId}`).expect(200)).body.proposedOutcome as {
      payablePence: number;
      payableFraction: number;
      maximumPence: number;
    };
    // A third of the maximum, to the penny below: a difference that is not a round figure.
    const set = Math.floor(proposed.maximumPence / 3);
    await t
      .as('board')
      .post(`/api/v1/decisions/${decisionId}/override`)
      .send({ reason, outcome: { payablePence: set } })
      .expect(200);

    // Printed shares as whole steps of 0.0001 %.
    const steps = (printed: string) => Math.round(Number(printed.replace('%', '')) * 10_000);
    for (const width of WIDTHS) {
      await open(`${base}/console/assessments/${assessmentId}`, width);
      const text = (await page.frameLocator('iframe.console-document').locator('main').innerText()).replace(/\s+/g, ' ');
      expect(text).toContain(
        'Achieved when: change in the Friends and Family Test score above 0 and Friends and Family Test rolled out on time by every relevant provider.',
      );
      expect(text).toContain('Failed on: Friends and Family Test rolled out on time by every relevant provider: no');
      expect(text).toContain(`Payable by the rules ${pounds(proposed.payablePence)}: ${percent(proposed.payableFraction)} of the maximum`);
      expect(text).toContain(
        `Difference made on review ${pounds(set - proposed.payablePence)}: ${percentDifference(set / proposed.maximumPence, proposed.payableFraction)} of the maximum`,
      );
      // The shares as printed add up: rules' share + difference = share set.
      const row = (label: string) => steps(new RegExp(`${label} -?£[\\d,.]+: (-?[\\d.]+%) of the maximum`).exec(text)![1]);
      const [byRules, difference, setShare] = ['Payable by the rules', 'Difference made on review', 'Set on review by Board staff'].map(row);
      expect(byRules + difference).toBe(setShare);
      expect(text).toContain(`Set on review by Board staff ${pounds(set)}: ${percent(set / proposed.maximumPence)} of the maximum`);
      expect(text).toContain(`Reason given for the change ${reason}`);
      await noSeriousViolations(`Quality Premium assessment at ${width} px`);
      if (width === 1280) await screenshot(page, 'qp-override-assessment');
    }

    // The document on its own (printable), as the screenshot keeps it.
    await open(`${base}/console/decisions/${decisionId}/document`, 1280);
    const tables = await overhang('table');
    expect(Math.max(...tables)).toBe(0);
    await screenshot(page, 'qp-override-document');
    await noSeriousViolations('Quality Premium document');
  });
});
