// The console's error pages and edge cases from a new-user trial: every refusal under /console is
// a console page in plain words (no field path, no zod or Nest wording), with a link home for the
// reader's role; refusals before any route (unknown paths, bodies too large or unreadable) are
// pages too, while the JSON API keeps its JSON; a repeated or made-up value of a barrier form is a
// 422 beside the field; a form field that is not UTF-8 is refused and nothing is written.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { qpAssessment } from '../support/qp-facts.js';
import { startTestApp, TEST_CCG, type TestApp } from '../support/test-app.js';
import { csrfOf, signedIn, signedInWithKey, submitAndWait } from './console-support.js';

let t: TestApp;
type Session = Awaited<ReturnType<typeof signedIn>>;
let board: Session;
let ccg: Session;

beforeAll(async () => {
  t = await startTestApp();
  board = await signedIn(t, 'board');
  ccg = await signedInWithKey(t, t.keys.ccg);
});
afterAll(() => t.close());

/** The words of a page's main content, tags and entities taken out. */
function words(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return main
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What no console page may show: a field path, a schema's or Nest's own wording. */
function expectPlain(html: string): void {
  const text = words(html);
  expect(text).not.toMatch(/query\.|\bid :|<code>|Invalid input|received (NaN|array|undefined)|Validation failed|Too small|Cannot (GET|POST)/);
}

function expectConsolePage(res: request.Response, status: number): string {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.text).toContain('CCG oversight');
  expectPlain(res.text);
  return words(res.text);
}

/** The raise form as a browser posts it, as a raw urlencoded body (repeated keys kept). */
const raiseBody = (extra: string, csrf: string) =>
  [
    `_csrf=${encodeURIComponent(csrf)}`,
    `ccg=${TEST_CCG}`,
    'objectives=13',
    'actionArea=information-sharing-technology',
    'stopsLocally=GP+and+hospital+systems+cannot+share+the+care+record+at+all.',
    'nationalBodies=department-of-health',
    extra,
  ].join('&');

describe('the address of a page, in plain words', () => {
  it('a page that is not a whole number from 1', async () => {
    for (const page of ['abc', '0']) {
      const res = await board.agent.get(`/console/queue?page=${page}`);
      expect(expectConsolePage(res, 400)).toContain('The page address is not right: page must be a whole number from 1');
    }
  });

  it('a filter given twice', async () => {
    const res = await board.agent.get('/console/queue?family=a&family=b');
    expect(expectConsolePage(res, 400)).toContain('Choose one family at a time');
  });

  it('a report without its year', async () => {
    const res = await board.agent.get('/console/barrier-reports/annual');
    const text = expectConsolePage(res, 400);
    expect(text).toContain('The page address is not right');
    expect(text).toContain('2013/14');
  });

  it('an empty quarter shows the quarter form again with the problem beside it', async () => {
    const res = await board.agent.get('/console/barrier-reports/quarterly?quarter=');
    const text = expectConsolePage(res, 400);
    expect(res.text).toMatch(/<input[^>]+name="quarter"/);
    expect(res.text).toContain('id="report-quarter-error"');
    expect(res.text).toContain('action="/console/barrier-reports/quarterly"');
    expect(text).toContain('Enter a quarter like 2013-Q3');
  });

  it('what was not found is named in words, and a malformed id is not Nest’s message', async () => {
    const missing = await ccg.agent.get(`/console/my-ccg/decisions/${randomUUID()}/document`);
    const text = expectConsolePage(missing, 404);
    expect(text).toContain('Page not found');
    expect(text).toContain('We could not find that decision');
    const malformed = await board.agent.get('/console/assessments/not-an-id');
    expect(expectConsolePage(malformed, 400)).toContain('The page address is not right');
  });
});

describe('the way home from an error page', () => {
  it('is the reader’s own: a ccg session’s CCG page, the review queue for Board staff', async () => {
    const mine = await ccg.agent.get(`/console/my-ccg/decisions/${randomUUID()}/document`).expect(404);
    expect(mine.text).toContain('href="/console/my-ccg">Go to your CCG’s page</a>');
    expect(mine.text).not.toContain('href="/console/queue"');
    const theirs = await board.agent.get('/console/queue?page=0').expect(400);
    expect(theirs.text).toContain('href="/console/queue">Go to the review queue</a>');
  });
});

describe('refusals before any route are console pages; the API keeps its JSON', () => {
  it('an unknown console path, signed in or not', async () => {
    expect(expectConsolePage(await board.agent.get('/console/nonexistent'), 404)).toContain('Page not found');
    const theirs = await ccg.agent.get('/console/nonexistent');
    expectConsolePage(theirs, 404);
    expect(theirs.text).toContain('href="/console/my-ccg"');
    expect(theirs.text).toContain('test-ccg-00C');
    expectConsolePage(await request(t.app.getHttpServer()).get('/console/nonexistent'), 404);
  });

  it('a form larger than the limit, in an unknown charset, or not inflating, writes nothing', async () => {
    const before = await t.prisma.barrier.count();
    const large = await ccg.agent
      .post('/console/barriers/new')
      .type('form')
      .send(raiseBody(`otherReason=${'x'.repeat(200_000)}`, ccg.csrf));
    expect(expectConsolePage(large, 413)).toContain('larger than');
    const charset = await ccg.agent
      .post('/console/barriers/new')
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=koi8-r')
      .send(raiseBody('', ccg.csrf));
    expect(expectConsolePage(charset, 415)).toContain('UTF-8');
    const unknownEncoding = await ccg.agent
      .post('/console/barriers/new')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('Content-Encoding', 'compress')
      .send(raiseBody('', ccg.csrf));
    expectConsolePage(unknownEncoding, 415);
    const notGzip = await ccg.agent
      .post('/console/barriers/new')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('Content-Encoding', 'gzip')
      .send(raiseBody('', ccg.csrf));
    expect(expectConsolePage(notGzip, 400)).toContain('could not be read');
    expect(await t.prisma.barrier.count()).toBe(before);
  });

  it('signing in with next= a form’s address goes home, not to a page no GET opens', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/console/sign-in').expect(200);
    await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(form.text), apiKey: t.keys.board, next: '/console/sign-out' })
      .expect(303)
      .expect('Location', '/console');
    const again = await agent.get('/console/sign-in').expect(200);
    await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(again.text), apiKey: t.keys.board, next: '/console/queue?page=2' })
      .expect(303)
      .expect('Location', '/console/queue?page=2');
  });

  it('the JSON API answers as before', async () => {
    const nowhere = await t.as('board').get('/api/v1/nowhere').expect(404);
    expect(nowhere.headers['content-type']).toMatch(/^application\/json/);
    expect(nowhere.body).toEqual({
      statusCode: 404,
      error: 'NOT_FOUND',
      message: 'Cannot GET /api/v1/nowhere',
      issues: [{ field: '(path)', message: 'no such route or file' }],
    });
    const large = await t
      .as('board')
      .post('/api/v1/assessments')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ family: 'quality-premium', padding: 'x'.repeat(1_100_000) }))
      .expect(413);
    expect(large.body).toEqual({
      statusCode: 413,
      error: 'PAYLOAD_TOO_LARGE',
      message: 'request body is larger than the limit (BODY_LIMIT)',
      issues: [{ field: '(body)', message: 'request body is larger than the limit (BODY_LIMIT)' }],
    });
  });
});

describe('barrier forms refuse what they cannot take, beside the field', () => {
  it('a single-value field given twice is a 422 naming it, and nothing is raised', async () => {
    const before = await t.prisma.barrier.count();
    // Board staff give the date a CCG raised it (a ccg session's form has no such field).
    const res = await board.agent
      .post('/console/barriers/new')
      .type('form')
      .send(raiseBody('raisedOn=2013-10-01&raisedOn=2013-10-02', board.csrf))
      .expect(422);
    expect(res.text).toContain('<a href="#raisedOn">Give one date raised</a>');
    expect(res.text).toContain('id="raisedOn-error"');
    const stops = await ccg.agent
      .post('/console/barriers/new')
      .type('form')
      .send(raiseBody('stopsLocally=Something+else+it+stops+as+well.', ccg.csrf))
      .expect(422);
    expect(stops.text).toContain('href="#stopsLocally"');
    expect(await t.prisma.barrier.count()).toBe(before);
  });

  it('an objective not on the list is a 422 beside the objectives', async () => {
    const before = await t.prisma.barrier.count();
    const res = await ccg.agent.post('/console/barriers/new').type('form').send(raiseBody('objectives=abc', ccg.csrf)).expect(422);
    expect(res.text).toContain('<a href="#objective-1">Choose objectives from the list</a>');
    expect(res.text).not.toContain('double');
    expect(await t.prisma.barrier.count()).toBe(before);
  });

  it('a repeated field of a barrier page’s form is refused too', async () => {
    const raised = await ccg.agent.post('/console/barriers/new').type('form').send(raiseBody('', ccg.csrf)).expect(303);
    const ref = /\/console\/barriers\/(BAR-\d{4}-\d{4,})\?done=/.exec(raised.headers.location)![1];
    const evidence = await t.prisma.barrierEvidence.count();
    const res = await ccg.agent
      .post(`/console/barriers/${ref}/evidence`)
      .type('form')
      .send(`_csrf=${encodeURIComponent(ccg.csrf)}&summary=Seen+in+three+practices+this+month.&summary=And+again.`)
      .expect(422);
    expect(res.text).toContain('<a href="#evidence-summary">Give one description of the evidence</a>');
    expect(await t.prisma.barrierEvidence.count()).toBe(evidence);
  });
});

describe('text that is not UTF-8 in a console form', () => {
  it('is refused with a 400 page naming the field in words, and nothing is issued', async () => {
    const { id, decisionId } = await submitAndWait(t, qpAssessment('00D'));
    await board.agent.post(`/console/assessments/${id}/claim`).type('form').send({ _csrf: board.csrf }).expect(303);
    const audit = await t.prisma.auditEvent.count();
    const res = await board.agent
      .post(`/console/assessments/${id}/confirm`)
      .type('form')
      .send(`_csrf=${encodeURIComponent(board.csrf)}&note=a%ED%A0%80b`);
    const text = expectConsolePage(res, 400);
    expect(text).toContain('The form could not be read: a field contains text that is not valid');
    expect(text).toContain('note');
    expect((await t.prisma.decision.findUniqueOrThrow({ where: { id: decisionId } })).status).toBe('proposed');
    expect(await t.prisma.auditEvent.count()).toBe(audit);
    // A percent sign that escapes nothing is kept as typed, as before.
    await board.agent
      .post(`/console/assessments/${id}/confirm`)
      .type('form')
      .send(`_csrf=${encodeURIComponent(board.csrf)}&note=${encodeURIComponent('Checked: 100% of the figures, é and ✓')}`)
      .expect(303);
  });
});
