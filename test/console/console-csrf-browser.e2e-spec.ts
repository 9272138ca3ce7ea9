// The origin checks against what a real browser sends: Chromium's own form posts and the queue
// dashboard's own API calls must still get through (console-csrf.e2e-spec.ts covers refusals).
import type { Page } from 'playwright-core';
import type { TestApp } from '../support/test-app.js';
import { startConsoleInBrowser, type Browser } from './browser.js';

jest.setTimeout(120_000);

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;

beforeAll(async () => {
  ({ t, base, browser, page } = await startConsoleInBrowser());
});
afterAll(async () => {
  await t?.queue().resume();
  await browser?.close();
  await t?.close();
});

/** Runs one of the dashboard's queue actions the way an admin does: the queue's menu, then the
 *  confirmation dialog; resolves once the request it makes has been answered. */
async function queueAction(action: 'Pause' | 'Resume'): Promise<number> {
  await page.locator('button[aria-haspopup="menu"]').last().click();
  await page.getByRole('menuitem', { name: action }).click();
  const answered = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(`/${action.toLowerCase()}`));
  await page.getByRole('button', { name: 'Confirm' }).click();
  return (await answered).status();
}

it("lets Chromium's own form posts and the queue dashboard's own calls through", async () => {
  // The console's pages keep Referrer-Policy same-origin, so the browser sends its real Origin
  // on these form posts (under no-referrer it would send "null", which is refused).
  await page.goto(`${base}/console/sign-in`);
  await page.getByLabel('API key').fill(t.keys.admin);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Signing in lands on the home page (the national picture).
  await page.waitForURL(`${base}/console`);

  await page.goto(`${base}/admin/queues/queue/evaluations`);
  expect(await queueAction('Pause')).toBe(200);
  expect(await t.queue().isPaused()).toBe(true);
  expect(await queueAction('Resume')).toBe(200);
  expect(await t.queue().isPaused()).toBe(false);

  await page.goto(`${base}/console/queue`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/console\/sign-in/);
  expect(await t.prisma.consoleSession.count({ where: { actorName: 'test-admin' } })).toBe(0);
});
