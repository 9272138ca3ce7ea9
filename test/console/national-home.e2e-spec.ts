// The console's home page: the national picture of every family, computed here from what the
// test issued through the API (Quality Premium paid against the pot, authorisation standing and
// conditions due, intervention levels per quarter), the oldest items waiting, and the region
// filter narrowing every section. Signing in lands on it; a bad filter is a 400 naming the field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { interventionAssessment } from '../support/intervention-facts.js';
import { qpAssessment, qpFacts } from '../support/qp-facts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { csrfOf, signedIn } from './console-support.js';

const catalogue = JSON.parse(readFileSync(join(__dirname, '../../rules/authorisation/criteria.catalogue.json'), 'utf8')) as {
  criteria: { id: string }[];
};

/** An authorisation application in wave 2, every criterion met but those given with their gap. */
function authorisationApplication(subject: string, unmet: Record<string, string>) {
  const criteria = Object.fromEntries(
    catalogue.criteria.map((c) => [c.id, unmet[c.id] ? { met: false, gap: unmet[c.id], note: `Finding on ${c.id}` } : { met: true }]),
  );
  return { family: 'authorisation', subject, period: '2013-W2', facts: { assessedOn: '2013-01-30', criteria } };
}

let t: TestApp;
let agent: Awaited<ReturnType<typeof signedIn>>['agent'];
/** Issued Quality Premium outcomes by CCG, as the API returns them. */
const qp = new Map<string, { payablePence: number; maximumPence: number }>();
const waiting: Record<string, string> = {};
let ccgsInEngland: number;
let ccgsInNorth: number;

beforeAll(async () => {
  t = await startTestApp();
  ({ agent } = await signedIn(t, 'auditor'));
  ccgsInEngland = await t.prisma.ccg.count();
  ccgsInNorth = await t.prisma.ccg.count({ where: { regionName: 'North of England' } });
  const confirm = (decisionId: string) => t.as('board').post(`/api/v1/decisions/${decisionId}/confirm`).send({}).expect(200);

  // Quality Premium 2013/14: 00C and 02N (North of England), 07L (London) issued, 02N at nothing
  // (a qualified audit opinion fails a gateway); 07M (London) left awaiting review.
  const qualified = qpFacts();
  (qualified.gateways as { audit: { qualifiedOpinion: boolean } }).audit.qualifiedOpinion = true;
  for (const [code, facts] of [
    ['00C', qpFacts({ population: 150_000 })],
    ['02N', qualified],
    ['07L', qpFacts({ population: 310_500 })],
  ] as const) {
    const a = await t.submitAndWait(qpAssessment(code, facts));
    await confirm(a.decisions[0].id);
    const issued = await t.as('auditor').get(`/api/v1/decisions/${a.decisions[0].id}`).expect(200);
    qp.set(code, issued.body.finalOutcome);
  }
  waiting.qp07M = (await t.submitAndWait(qpAssessment('07M'))).id;

  // Authorisation: 02N met everything, 00C has a level-1 condition, 07L a level-4 one (directions).
  for (const [code, unmet] of [
    ['02N', {}],
    ['00C', { '3.2': 'missing-evidence' }],
    ['07L', { '5.1': 'capacity-gap' }],
  ] as const) {
    const a = await t.submitAndWait(authorisationApplication(code, unmet), 'panel');
    await confirm(a.decisions[0].id);
  }
  // The rules date conditions in 2013: bring 00C's and 07L's into this month, so the page has
  // conditions due now to list.
  const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  await t.prisma.authorisationCondition.updateMany({ where: { odsCode: { in: ['00C', '07L'] } }, data: { dueDate: today } });

  // Intervention: 00C and 02N at level 0 in 2013-Q1, 02N at level 1 in 2013-Q2 (18 weeks missed
  // twice); 07L's 2013-Q1 left awaiting review.
  const missed = { 'standards.rtt18WeeksIncompletePct': 91.1 };
  for (const [code, quarter, changes] of [
    ['00C', '2013-Q1', {}],
    ['02N', '2013-Q1', missed],
    ['02N', '2013-Q2', missed],
  ] as const) {
    const a = await t.submitAndWait(interventionAssessment(code, quarter, changes));
    await confirm(a.decisions[0].id);
  }
  waiting.intervention07L = (await t.submitAndWait(interventionAssessment('07L', '2013-Q1'))).id;
}, 180_000);
afterAll(() => t?.close());

/** A headline figure of the page: its value and the words under it. */
function figure(html: string, name: string): { value: string; detail: string } {
  const start = html.indexOf(`data-figure="${name}"`);
  if (start < 0) throw new Error(`no figure "${name}" on the page`);
  const chunk = html.slice(start, html.indexOf('</div>', start));
  return { value: /console-figure__value">([^<]*)</.exec(chunk)![1], detail: /console-figure__detail">([^<]*)</.exec(chunk)?.[1] ?? '' };
}

const pounds = (pence: number) => `£${Math.round(pence / 100).toLocaleString('en-GB')}`;
const between = (html: string, from: string, to: string) => html.slice(html.indexOf(from), html.indexOf(to, html.indexOf(from)));

/** What the Quality Premium section must say over the CCGs given, from the issued outcomes. */
function expectedQualityPremium(codes: string[]) {
  const issued = codes.map((c) => qp.get(c)!);
  const paid = issued.reduce((n, o) => n + o.payablePence, 0);
  const pot = issued.reduce((n, o) => n + o.maximumPence, 0);
  return {
    paid: { value: pounds(paid), detail: `of a ${pounds(pot)} pot (${Number(((paid / pot) * 100).toFixed(1))}%)` },
    atNothing: String(issued.filter((o) => o.payablePence === 0).length),
  };
}

describe('the national home page', () => {
  it("shows every family's picture of England, computed from what was issued", async () => {
    const res = await agent.get('/console').expect(200);
    expect(res.headers['content-security-policy']).toContain("style-src 'self'");
    const html = res.text;
    // No inline styles or scripts: the CSP would refuse them.
    expect(html).not.toMatch(/\sstyle=|<script>/);
    expect(html).toContain(`England: all ${ccgsInEngland} CCGs of the register`);

    const q = expectedQualityPremium(['00C', '02N', '07L']);
    expect(q.atNothing).toBe('1');
    expect(figure(html, 'Quality Premium: Paid for 2013/14')).toEqual(q.paid);
    expect(figure(html, 'Quality Premium: CCGs at nothing')).toEqual({ value: '1', detail: 'of 3 issued for 2013/14' });
    expect(figure(html, 'Quality Premium: Proposed, awaiting review').value).toBe('1');

    expect(figure(html, 'CCG authorisation: Fully authorised').value).toBe('1');
    expect(figure(html, 'CCG authorisation: With conditions').value).toBe('1');
    expect(figure(html, 'CCG authorisation: Under directions').value).toBe('1');
    expect(figure(html, 'CCG authorisation: Not yet authorised').value).toBe(String(ccgsInEngland - 3));
    const due = between(html, 'data-list="Conditions due in', '</ul>');
    expect(due).toContain('href="/console/ccgs/00C"');
    expect(due).toContain('href="/console/ccgs/07L"');
    expect(due).not.toContain('02N');

    expect(figure(html, 'Intervention: Routine (level 0)')).toEqual({ value: '0', detail: 'in 2013-Q2' });
    expect(figure(html, 'Intervention: Monitoring or recovery plan (levels 1–2)').value).toBe('1');
    expect(figure(html, 'Intervention: Proposed, awaiting review').value).toBe('1');
    // The ladder per quarter, drawn (an SVG the screen reader reads as one image) and tabled.
    const ladder = between(html, 'data-picture="Intervention"', '</section>');
    expect(ladder).toMatch(/<svg class="console-chart"[^>]* role="img" aria-labelledby="picture-\d-chart-title picture-\d-chart-desc"/);
    expect(ladder).toContain('2013-Q1: Level 0 2, Level 1 0, Level 2 0, Level 3 0, Level 4 0, Level 5 0; 2013-Q2: Level 0 0, Level 1 1,');
    expect(ladder).toMatch(/class="console-bar console-bar--caution" [^>]*data-value="1"/);
    const rows = [
      ...between(ladder, 'data-chart-table', '</table>').matchAll(/<tr class="nhsuk-table__row"><th scope="row"[^>]*>([^<]+)<\/th>(.*?)<\/tr>/g),
    ];
    expect(rows.map((r) => `${r[1]}:${[...r[2].matchAll(/>(\d+)</g)].map((m) => m[1]).join(',')}`)).toEqual([
      '2013-Q1:2,0,0,0,0,0',
      '2013-Q2:0,1,0,0,0,0',
    ]);

    // The oldest waiting, any family, oldest first, each leading to its review page.
    expect(html).toContain('data-testid="waiting-total">2 awaiting review.');
    const oldest = between(html, 'data-testid="oldest-waiting"', '</table>');
    expect([...oldest.matchAll(/data-assessment="([^"]+)"/g)].map((m) => m[1])).toEqual([waiting.qp07M, waiting.intervention07L]);
    expect(oldest).toContain(`href="/console/assessments/${waiting.qp07M}"`);
  });

  it('narrows every section to a region: a CCG outside it disappears', async () => {
    const html = (await agent.get('/console?region=North+of+England').expect(200)).text;
    expect(html).toContain(`North of England: ${ccgsInNorth} CCGs`);
    expect(html).toMatch(/<option value="North of England" selected>/);

    const q = expectedQualityPremium(['00C', '02N']);
    expect(figure(html, 'Quality Premium: Paid for 2013/14')).toEqual(q.paid);
    expect(figure(html, 'Quality Premium: CCGs at nothing')).toEqual({ value: '1', detail: 'of 2 issued for 2013/14' });
    expect(figure(html, 'Quality Premium: Proposed, awaiting review').value).toBe('0');

    expect(figure(html, 'CCG authorisation: Under directions').value).toBe('0');
    expect(figure(html, 'CCG authorisation: With conditions').value).toBe('1');
    expect(figure(html, 'CCG authorisation: Not yet authorised').value).toBe(String(ccgsInNorth - 2));
    const due = between(html, 'data-list="Conditions due in', '</ul>');
    expect(due).toContain('href="/console/ccgs/00C"');
    expect(due).not.toContain('07L');

    expect(figure(html, 'Intervention: Proposed, awaiting review').value).toBe('0');
    expect(html).toContain('data-testid="waiting-total">0 awaiting review.');
    expect(html).not.toContain(waiting.qp07M);
    expect(html).not.toContain(waiting.intervention07L);

    // An area team narrows further, within its region.
    const area = (await agent.get('/console?region=North+of+England&areaTeam=West+Yorkshire').expect(200)).text;
    expect(figure(area, 'CCG authorisation: Fully authorised').value).toBe('1');
    expect(figure(area, 'CCG authorisation: With conditions').value).toBe('0');
  });

  it('answers a filter the register does not know with a 400 page naming the field', async () => {
    const region = await agent.get('/console?region=Atlantis').expect(400);
    expect(region.text).toContain('The page address is not right: &quot;Atlantis&quot; is not a region of the register');
    const areaTeam = await agent.get('/console?areaTeam=Nowhere').expect(400);
    expect(areaTeam.text).toContain('&quot;Nowhere&quot; is not an area team of the register');
    const elsewhere = await agent.get('/console?region=London&areaTeam=West+Yorkshire').expect(400);
    expect(elsewhere.text).toContain('West Yorkshire is in North of England, not London');
    const twice = await agent.get('/console?region=London&region=London').expect(400);
    expect(twice.text).toContain('Choose one region at a time');
    // Malformed values are refused the same way, before anything reaches the database.
    for (const value of ['%00London', '%FF', '%E0%A4%A', 'x'.repeat(201)]) {
      const res = await agent.get(`/console?region=${value}`).expect(400);
      expect(res.text).toMatch(/The page address is not right: (&quot;.*&quot; is not a region|region )/);
    }
  });

  it("is the menu's first entry, current on itself only", async () => {
    const home = (await agent.get('/console').expect(200)).text;
    expect(home).toMatch(/<a class="nhsuk-header__navigation-link" href="\/console" aria-current="page">National picture<\/a>/);
    const queue = (await agent.get('/console/queue').expect(200)).text;
    expect(queue).toMatch(/<a class="nhsuk-header__navigation-link" href="\/console">National picture<\/a>/);
    expect(queue).toMatch(/href="\/console\/queue" aria-current="page"/);
  });

  it('is where signing in leads, unless a safe page under /console was asked for', async () => {
    const signIn = async (next?: string) => {
      const browser = request.agent(t.app.getHttpServer());
      const form = await browser.get('/console/sign-in').expect(200);
      const res = await browser
        .post('/console/sign-in')
        .type('form')
        .send({ _csrf: csrfOf(form.text), apiKey: t.keys.board, ...(next === undefined ? {} : { next }) })
        .expect(303);
      return res.headers.location;
    };
    expect(await signIn()).toBe('/console');
    expect(await signIn('/console?region=North+of+England')).toBe('/console?region=North+of+England');
    expect(await signIn('/console/queue')).toBe('/console/queue');
    expect(await signIn('//evil.example/console')).toBe('/console');
    expect(await signIn('https://evil.example/console')).toBe('/console');
    expect(await signIn('/console?x=<script>')).toBe('/console');
    // Unsigned, the home page sends the browser to sign in and back.
    const anonymous = await request(t.app.getHttpServer()).get('/console').expect(303);
    expect(anonymous.headers.location).toBe('/console/sign-in?next=%2Fconsole');
  });
});
