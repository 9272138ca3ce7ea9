// The review queue pages 50 items at a time, and each pagination link names the page it leads to
// (NHS.UK pagination), not the page being shown.
import { QUEUE_PAGE_SIZE } from '../../src/console/console-queue.service.js';
import { qpBothYears, registerCodes, submitBatch, untilReviewed } from '../support/batch-pipeline.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signedIn } from './console-support.js';

let t: TestApp;
const ITEMS = QUEUE_PAGE_SIZE + 2;

beforeAll(async () => {
  t = await startTestApp();
  const items = qpBothYears((await registerCodes(t)).slice(0, ITEMS / 2));
  await submitBatch(t, items);
  await untilReviewed(t, ITEMS, 60_000);
}, 90_000);
afterAll(() => t?.close());

/** The pagination links of a page: their title (Previous or Next), the page they name, and where they go. */
const linksOf = (html: string) =>
  [
    ...html.matchAll(
      /<a class="nhsuk-pagination__link[^"]*" href="([^"]+)"[^>]*><span class="nhsuk-pagination__title">(\w+)<\/span>.*?<span class="nhsuk-pagination__page">([^<]+)<\/span>/g,
    ),
  ].map(([, href, title, label]) => ({ title, label, href: href.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=') }));

it('names the page each link leads to', async () => {
  const { agent } = await signedIn(t, 'board');
  const first = await agent.get('/console/queue').expect(200);
  expect(linksOf(first.text)).toEqual([{ title: 'Next', label: 'Page 2 of 2', href: expect.stringMatching(/page=2$/) }]);
  const second = await agent.get('/console/queue?page=2').expect(200);
  expect(linksOf(second.text)).toEqual([{ title: 'Previous', label: 'Page 1 of 2', href: expect.stringMatching(/page=1$/) }]);
  expect(second.text.match(/data-assessment="/g)).toHaveLength(ITEMS - QUEUE_PAGE_SIZE);
  expect(second.text).toContain('Assessments awaiting review (page 2 of 2)');
});

it('a page past the end says which is the last and links to it', async () => {
  const { agent } = await signedIn(t, 'board');
  const beyond = await agent.get('/console/queue?page=99999').expect(200);
  expect(beyond.text).toContain(`${ITEMS} awaiting review`);
  expect(beyond.text).toMatch(
    /data-testid="beyond">There is no page 99999: the last is page 2\. <a href="\/console\/queue\?page(=|&#x3D;)2">Go to the last page<\/a>/,
  );
  expect(beyond.text).not.toContain('Nothing is awaiting review');
});
