// The audit log as an auditor reads it in a browser: it opens at the newest sealed event, pages to
// older events and back, and every page passes axe. Screenshots go to test-artifacts/console/.
import type { Page } from 'playwright-core';
import { qpBothYears, registerCodes, submitBatch, untilReviewed } from '../support/batch-pipeline.js';
import { eventually, type TestApp } from '../support/test-app.js';
import { checkPage, startConsoleInBrowser, type Browser } from './browser.js';

jest.setTimeout(120_000);

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;
let newest: number;

/** The seq of every event row on the page, in the order shown. */
const seqsShown = async (): Promise<number[]> =>
  (await page.locator('[data-seq]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-seq')))).map(Number);

beforeAll(async () => {
  ({ t, base, browser, page } = await startConsoleInBrowser());
  // 80 assessments through the pipeline: well over one page (100) of sealed events.
  const items = qpBothYears((await registerCodes(t)).slice(0, 40));
  await submitBatch(t, items);
  await untilReviewed(t, items.length, 60_000);
  newest = await eventually(async () => {
    const unsealed = await t.prisma.auditEvent.count({ where: { seq: null } });
    const last = await t.prisma.auditEvent.aggregate({ _max: { seq: true } });
    return unsealed === 0 && Number(last._max.seq) > 200 ? Number(last._max.seq) : undefined;
  }, 30_000);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Screenshot and accessibility check of the page as it is now. */
const check = (name: string): Promise<void> => checkPage(page, name);

it('opens at the newest event and pages to older events and back', async () => {
  await page.goto(`${base}/console/sign-in?next=/console/audit`);
  await page.getByLabel('API key').fill(t.keys.auditor);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console\/audit/, { waitUntil: 'domcontentloaded' });

  // Signing in is itself audited: once that event is sealed too, the page opens at it.
  await eventually(async () => (await t.prisma.auditEvent.count({ where: { seq: null } })) === 0, 15_000, 'every event sealed');
  await page.reload({ waitUntil: 'domcontentloaded' });
  const first = await seqsShown();
  const sealedNow = Number((await t.prisma.auditEvent.aggregate({ _max: { seq: true } }))._max.seq);
  expect(first[0]).toBeGreaterThanOrEqual(newest);
  expect(first[0]).toBe(sealedNow);
  expect(first).toHaveLength(100);
  expect(first).toEqual([...first].sort((a, b) => b - a));
  await expect(page.getByRole('link', { name: 'Newer events' }).count()).resolves.toBe(0);

  await page.getByRole('link', { name: 'Older events' }).first().click();
  await page.waitForURL(/\/console\/audit\?/);
  const older = await seqsShown();
  expect(older[0]).toBe(first[first.length - 1] - 1);
  await check('audit-older');

  await page.getByRole('link', { name: 'Newer events' }).first().click();
  await page.waitForURL(/\/console\/audit/);
  await expect(seqsShown()).resolves.toEqual(first);
});
