// Debian's chromium driven by playwright-core, as the console's browser tests use it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { AddressInfo } from 'node:net';
import { projectRoot } from '../../src/common/project-root.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

export const ARTIFACTS = join(projectRoot(), 'test-artifacts', 'console');

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A fresh profile every time, nothing fetched from the network but our own server. */
export async function startBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'ccg-console-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Accessibility violations that matter: axe's serious and critical ones, with where they are. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // The decision document in its sandboxed frame is the API's printable record, checked on its own
  // page; leaving the frame out keeps each run short.
  const { violations } = await new AxeBuilder({ page }).options({ iframes: false }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The page as it is now kept as `<name>.png`, and axe finds no serious or critical violation on
 *  it (the page's name is in the failure). */
export async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
}

/** The whole application listening on a free port, with Chromium on a page: what every browser
 *  test starts from. `close()` ends both. */
export async function startConsoleInBrowser(): Promise<{ t: TestApp; base: string; browser: Browser; page: Page; close(): Promise<void> }> {
  const t = await startTestApp();
  await t.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  const browser = await startBrowser();
  // Short enough to fail fast, long enough for a loaded shared machine.
  browser.page.setDefaultTimeout(15_000);
  return {
    t,
    base,
    browser,
    page: browser.page,
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}
