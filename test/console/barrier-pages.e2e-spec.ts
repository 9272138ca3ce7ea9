// The barrier channel in the console over plain HTTP, for both sides: a ccg user lands on its own
// CCG's page, raises a barrier through the form (a missing field shown beside it, nothing written),
// and finds another CCG's barrier not found; Board staff raise one on a CCG's behalf, triage, link
// the two into one national issue and respond; the CCG reads the answer and rejects it; an admin
// makes a ccg key through the admin form. Every change goes through BarriersService (audited).
import { qpAssessment, qpNextYearAssessment } from '../support/qp-facts.js';
import { startTestApp, TEST_CCG, type TestApp } from '../support/test-app.js';
import { csrfOf, signedIn, signedInWithKey } from './console-support.js';

const B = '02N';
let t: TestApp;
type Session = Awaited<ReturnType<typeof signedIn>>;
let ccg: Session;
let otherCcg: Session;
let board: Session;
let admin: Session;

beforeAll(async () => {
  t = await startTestApp();
  ccg = await signedInWithKey(t, t.keys.ccg);
  otherCcg = await signedInWithKey(t, (await t.ccgKey(B)).key);
  board = await signedIn(t, 'board');
  admin = await signedIn(t, 'admin');
});
afterAll(() => t.close());

/** The raise form as a browser posts it (checkbox groups as repeated keys). */
const raiseForm = (over: Record<string, string | string[]> = {}) => ({
  objectives: ['13', '14'],
  actionArea: 'information-sharing-technology',
  otherReason: '',
  stopsLocally: 'GP and hospital systems cannot share the care record, so the shared care plan lives on paper.',
  'evidence.0.summary': 'Three discharge summaries lost between systems in July.',
  'evidence.0.source': 'Incident log 2013/07',
  nationalBodies: ['department-of-health', 'nhs-commissioning-board'],
  ...over,
});

const post = (s: Session, url: string, form: Record<string, unknown>) =>
  s.agent
    .post(url)
    .type('form')
    .send({ _csrf: s.csrf, ...form });

/** The ref a form's redirect names. */
const refOf = (location: string): string => /\/console\/barriers\/(BAR-\d{4}-\d{4,})\?done=/.exec(location)![1];

/** The table row of a barrier on a page. */
function rowOf(html: string, ref: string): string {
  const at = html.indexOf(`data-barrier="${ref}"`);
  expect(at).toBeGreaterThan(-1);
  return html.slice(at, html.indexOf('</tr>', at));
}

let ours = '';
let theirs = '';
let issueRef = '';

describe('a ccg user in the console', () => {
  it('lands on its own CCG after signing in: its standing, issued decisions with their documents, the menu of a ccg', async () => {
    // An issued decision of its own, a proposal not yet issued, and another CCG's issued decision.
    const issued = (await t.submitAndWait(qpAssessment(TEST_CCG))).decisions[0].id;
    await t.as('board').post(`/api/v1/decisions/${issued}/confirm`).send({}).expect(200);
    const proposed = (await t.submitAndWait(qpNextYearAssessment(TEST_CCG))).decisions[0].id;
    const other = (await t.submitAndWait(qpAssessment(B))).decisions[0].id;
    await t.as('board').post(`/api/v1/decisions/${other}/confirm`).send({}).expect(200);

    await ccg.agent.get('/console').expect(303).expect('Location', '/console/my-ccg');
    const home = await ccg.agent.get('/console/my-ccg').expect(200);
    expect(home.text).toContain('<h1>NHS Darlington CCG</h1>');
    expect(home.text).toContain('Standing now');
    expect(home.text).toContain(`href="/console/my-ccg/decisions/${issued}/document"`);
    expect(home.text).not.toContain(proposed);
    expect(home.text).toContain('href="/console/my-ccg"');
    expect(home.text).toContain('href="/console/barriers"');
    expect(home.text).not.toContain('href="/console/queue"');
    expect(home.text).toContain('Your CCG has raised no barrier yet.');

    const document = await ccg.agent.get(`/console/my-ccg/decisions/${issued}/document`).expect(200);
    expect(document.text).toContain('Quality Premium');
    await ccg.agent.get(`/console/my-ccg/decisions/${proposed}/document`).expect(404);
    await ccg.agent.get(`/console/my-ccg/decisions/${other}/document`).expect(404);
    await ccg.agent.get('/console/my-ccg/decisions/not-a-uuid/document').expect(404);
    // Board staff have the national pages instead.
    await board.agent.get('/console/my-ccg').expect(403);
  });

  it('raises a barrier through the form: a missing field is shown beside it and nothing is written', async () => {
    const form = await ccg.agent.get('/console/barriers/new').expect(200);
    expect(form.text).toContain('NHS Darlington CCG (00C)');
    expect(form.text).not.toContain('id="ccg" name="ccg"');
    expect(form.text).toContain('14. ');

    const before = await t.prisma.barrier.count();
    const refused = await post(ccg, '/console/barriers/new', raiseForm({ stopsLocally: '', nationalBodies: [] })).expect(422);
    expect(refused.text).toContain('<title>Error: Raise a barrier');
    expect(refused.text).toContain('<a href="#stopsLocally">Say what the barrier stops locally, in 10 to 4,000 characters</a>');
    expect(refused.text).toContain('id="stopsLocally-error"');
    expect(refused.text).toContain('<a href="#nationalBody-1">Choose at least one national body</a>');
    // What was typed stays on the form.
    expect(refused.text).toMatch(/id="objective-14" name="objectives" type="checkbox" value="14" checked/);
    expect(refused.text).toContain('Three discharge summaries lost between systems in July.');
    expect(await t.prisma.barrier.count()).toBe(before);

    // Naming another CCG is refused as the API refuses it, naming the CCG.
    const elsewhere = await post(ccg, '/console/barriers/new', raiseForm({ ccg: B })).expect(422);
    expect(elsewhere.text).toContain('<a href="#ccg">');
    expect(await t.prisma.barrier.count()).toBe(before);

    const raised = await post(ccg, '/console/barriers/new', raiseForm()).expect(303);
    ours = refOf(raised.headers.location);
    const row = await t.prisma.barrier.findUniqueOrThrow({ where: { ref: ours }, include: { evidence: true } });
    expect(row).toMatchObject({ ccgCode: TEST_CCG, objectives: [13, 14], status: 'raised', createdBy: `test-ccg-${TEST_CCG}` });
    expect(row.evidence.map((e) => e.source)).toEqual(['Incident log 2013/07']);
    expect(await t.prisma.auditEvent.count({ where: { action: 'barrier.raised', entityId: ours } })).toBe(1);

    const page = await ccg.agent.get(raised.headers.location).expect(200);
    expect(page.text).toContain('The barrier has been raised.');
    expect(page.text).toContain('Awaiting triage');
    const home = await ccg.agent.get('/console/my-ccg').expect(200);
    expect(rowOf(home.text, ours)).toContain('Not answered yet');
  });

  it('Board staff raise one on another CCG’s behalf, which is not found to this CCG', async () => {
    const form = await board.agent.get('/console/barriers/new').expect(200);
    expect(form.text).toContain('id="ccg" name="ccg"');
    const missing = await post(board, '/console/barriers/new', raiseForm()).expect(422);
    expect(missing.text).toContain('<a href="#ccg">Name the CCG the barrier is raised for (its ODS code)</a>');
    const raised = await post(board, '/console/barriers/new', raiseForm({ ccg: B, objectives: ['14'] })).expect(303);
    theirs = refOf(raised.headers.location);
    expect(await t.prisma.barrier.findUniqueOrThrow({ where: { ref: theirs } })).toMatchObject({ ccgCode: B, createdBy: 'test-board' });

    const notFound = await ccg.agent.get(`/console/barriers/${theirs}`).expect(404);
    expect(notFound.text).not.toContain('NHS Airedale');
    const evidence = await t.prisma.barrierEvidence.count();
    await post(ccg, `/console/barriers/${theirs}/evidence`, { summary: 'Evidence added to another CCG’s barrier.' }).expect(404);
    await post(ccg, `/console/barriers/${theirs}/withdraw`, { reason: 'Withdrawing another CCG’s barrier.' }).expect(404);
    expect(await t.prisma.barrierEvidence.count()).toBe(evidence);
    expect((await t.prisma.barrier.findUniqueOrThrow({ where: { ref: theirs } })).status).toBe('raised');
    // Its list is its own; the other CCG sees only its own too.
    const list = await ccg.agent.get('/console/barriers').expect(200);
    expect(list.text).toContain(ours);
    expect(list.text).not.toContain(theirs);
    const theirList = await otherCcg.agent.get('/console/barriers').expect(200);
    expect(theirList.text).toContain(theirs);
    expect(theirList.text).not.toContain(ours);
    // Board staff's forms are not found to a ccg session.
    await post(ccg, `/console/barriers/${ours}/triage`, { triage: 'local', reason: 'Triaged by the CCG itself.' }).expect(404);
  });
});

describe('Board staff in the console', () => {
  it('see both in the triage queue, filtered by status, area, objective and region', async () => {
    const queue = await board.agent.get('/console/barriers').expect(200);
    expect(rowOf(queue.text, ours)).toContain('NHS Darlington CCG (00C)');
    expect(rowOf(queue.text, theirs)).toContain('NHS Airedale, Wharfedale and Craven CCG (02N)');
    expect(rowOf(queue.text, theirs)).toContain('14. ');
    expect(rowOf(queue.text, theirs)).not.toContain('13. ');
    const london = await board.agent.get('/console/barriers?region=London').expect(200);
    expect(london.text).not.toContain(ours);
    const objective13 = await board.agent.get('/console/barriers?objective=13&status=raised&actionArea=information-sharing-technology').expect(200);
    expect(objective13.text).toContain(ours);
    expect(objective13.text).not.toContain(theirs);
    const bad = await board.agent.get('/console/barriers?region=Atlantis').expect(400);
    expect(bad.text).toContain('The page address is not right: &quot;Atlantis&quot; is not a region of the register');
  });

  it('triage (a national barrier needs an owner and a due date), link the two and respond once for both', async () => {
    const refused = await post(board, `/console/barriers/${ours}/triage`, {
      triage: 'national',
      reason: 'Every CCG in the region meets it.',
      owner: '',
      responseDue: '',
    }).expect(422);
    expect(refused.text).toContain('<a href="#triage-owner">A national barrier needs an owner at the Board</a>');
    expect(refused.text).toContain('id="triage-responseDue-error"');
    expect((await t.prisma.barrier.findUniqueOrThrow({ where: { ref: ours } })).triage).toBeNull();

    for (const ref of [ours, theirs]) {
      await post(board, `/console/barriers/${ref}/triage`, {
        triage: 'national',
        reason: 'Every CCG in the region meets it.',
        owner: 'Director of Digital',
        responseDue: '2099-03-31',
      }).expect(303);
    }
    const page = await board.agent.get(`/console/barriers/${ours}?done=triaged`).expect(200);
    expect(page.text).toContain('The triage has been recorded.');
    expect(page.text).toContain(`value="${theirs}"`); // offered for linking

    const untitled = await post(board, `/console/barriers/${ours}/link`, { barriers: theirs, title: '' }).expect(422);
    expect(untitled.text).toContain('href="#link-title"');
    await post(board, `/console/barriers/${ours}/link`, { barriers: theirs, title: 'Care records cannot be shared' }).expect(303);
    const [a, b] = await Promise.all(
      [ours, theirs].map((ref) => t.prisma.barrier.findUniqueOrThrow({ where: { ref }, include: { nationalIssue: true } })),
    );
    expect(a.nationalIssueId).not.toBeNull();
    expect(b.nationalIssueId).toBe(a.nationalIssueId);
    issueRef = a.nationalIssue!.ref;

    const linked = await board.agent.get(`/console/barriers/${ours}`).expect(200);
    expect(linked.text).toContain(`${issueRef}: Care records cannot be shared`);
    expect(linked.text).toContain(`href="/console/barriers/${theirs}"`);

    await post(board, `/console/barriers/${ours}/response`, { text: 'Too short' }).expect(422);
    await post(board, `/console/barriers/${ours}/response`, {
      text: 'National record-sharing standards are due in 2014; every CCG will be told when they are published.',
      nationalAction: 'Interoperability standards commissioned from the Department of Health',
      respondedOn: '',
    }).expect(303);
    for (const ref of [ours, theirs]) expect((await t.prisma.barrier.findUniqueOrThrow({ where: { ref } })).status).toBe('answered');
    expect(await t.prisma.auditEvent.count({ where: { action: 'national-issue.responded', entityId: issueRef } })).toBe(1);
  });
});

describe('the CCG reads the Board’s answer', () => {
  it('sees it on its landing page and its barrier’s page, not which other CCG raised it, and rejects it with a reason', async () => {
    const home = await ccg.agent.get('/console/my-ccg').expect(200);
    expect(rowOf(home.text, ours)).toContain('National record-sharing standards are due in 2014');
    expect(rowOf(home.text, ours)).toContain('Answered');

    const page = await ccg.agent.get(`/console/barriers/${ours}`).expect(200);
    expect(page.text).toContain('Interoperability standards commissioned from the Department of Health');
    expect(page.text).toMatch(/<h3 id="response-1-heading">Response 1, \d{1,2} \w+ \d{4} \(the latest\)<\/h3>/);
    expect(page.text).toContain('Reject this response');
    expect(page.text).not.toContain(theirs);
    expect(page.text).not.toContain('NHS Airedale');

    const refused = await post(ccg, `/console/barriers/${ours}/response-rejection`, { reason: '' }).expect(422);
    expect(refused.text).toContain('<a href="#reject-reason">Say why the response does not answer the barrier, in 10 to 4,000 characters</a>');
    expect(await t.prisma.barrierResponseRejection.count()).toBe(0);

    await post(ccg, `/console/barriers/${ours}/response-rejection`, {
      reason: 'A date in 2014 does not help the patients discharged this winter.',
    }).expect(303);
    const after = await ccg.agent.get(`/console/barriers/${ours}?done=rejected`).expect(200);
    expect(after.text).toContain('A date in 2014 does not help the patients discharged this winter.');
    expect(after.text).not.toContain('id="reject-form"');
    // Once each response: a second rejection is a conflict shown over the page.
    const again = await post(ccg, `/console/barriers/${ours}/response-rejection`, { reason: 'Rejecting the same response twice.' }).expect(409);
    expect(again.text).toContain('already rejected');
    expect(await t.prisma.barrierResponseRejection.count()).toBe(1);
  });

  it('a form without its token is refused, and writes nothing', async () => {
    await ccg.agent.post(`/console/barriers/${ours}/evidence`).type('form').send({ summary: 'No token on this form at all.' }).expect(403);
    expect(await t.prisma.barrierEvidence.count({ where: { summary: 'No token on this form at all.' } })).toBe(0);
  });
});

describe('the admin key form', () => {
  it('makes a ccg key bound to a CCG, with the API’s 422s naming the CCG', async () => {
    const page = await admin.agent.get('/console/admin').expect(200);
    expect(page.text).toContain('<option value="ccg">ccg</option>');
    expect(page.text).toContain('NHS Airedale, Wharfedale and Craven CCG (02N)');

    const keys = await t.prisma.apiKey.count();
    const noCcg = await post(admin, '/console/admin/keys', { name: 'Airedale commissioning', role: 'ccg', ccg: '' }).expect(422);
    expect(noCcg.text).toContain('id="key-ccg-error"');
    expect(noCcg.text).toContain('a ccg key must name the ODS code of its CCG');
    const boardWithCcg = await post(admin, '/console/admin/keys', { name: 'Board with a CCG', role: 'board', ccg: B }).expect(422);
    expect(boardWithCcg.text).toContain('only a ccg key is bound to a CCG');
    await post(admin, '/console/admin/keys', { name: 'Unknown CCG', role: 'ccg', ccg: 'ZZZ' }).expect(422);
    expect(await t.prisma.apiKey.count()).toBe(keys);

    const created = await post(admin, '/console/admin/keys', { name: 'Airedale commissioning', role: 'ccg', ccg: B }).expect(201);
    const key = /<p class="console-code">([^<]+)<\/p>/.exec(created.text)![1];
    expect(await t.prisma.apiKey.findFirstOrThrow({ where: { name: 'Airedale commissioning' } })).toMatchObject({ role: 'ccg', ccgCode: B });
    expect(created.text).toContain(`ccg for ${B}`);

    // The key signs in to its own CCG's page.
    const session = await signedInWithKey(t, key);
    const home = await session.agent.get('/console/my-ccg').expect(200);
    expect(home.text).toContain('<h1>NHS Airedale, Wharfedale and Craven CCG</h1>');
    expect(csrfOf(home.text)).toBe(session.csrf);
  });
});

describe('the triage queue in pages, and the link form’s candidates', () => {
  const procurement = (i: number) => ({
    ccg: i % 2 ? B : TEST_CCG,
    objectives: [1 + (i % 2)],
    actionArea: 'procurement',
    stopsLocally: 'Local tenders for community services cannot be run to the national timetable.',
    nationalBodies: ['monitor'],
    raisedOn: '2013-08-01',
  });
  let paged: string[] = [];
  let elsewhere = '';

  beforeAll(async () => {
    // 60 open barriers of one action area, raised through the API (audited as any other), and
    // one of another area and objective that no procurement barrier may be linked with.
    paged = [];
    for (let i = 0; i < 60; i++) paged.push((await t.as('board').post('/api/v1/barriers').send(procurement(i)).expect(201)).body.ref);
    elsewhere = (
      await t
        .as('board')
        .post('/api/v1/barriers')
        .send({ ...procurement(0), objectives: [5], actionArea: 'contracting-and-pricing' })
        .expect(201)
    ).body.ref;
  });

  const rows = (html: string): string[] => [...html.matchAll(/data-barrier="(BAR-\d{4}-\d{4,})"/g)].map((m) => m[1]);
  /** The page's HTML with its attributes' entities decoded (Handlebars escapes `&` and `=`). */
  const decoded = (html: string): string => html.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');

  it('shows 50 a page, open ones first, with the filter kept in the page links', async () => {
    const first = await board.agent.get('/console/barriers?actionArea=procurement').expect(200);
    expect(rows(first.text)).toHaveLength(50);
    expect(first.text).toContain('60 barriers match the filter');
    expect(first.text).toContain('Showing 1 to 50 of 60');
    expect(decoded(first.text)).toContain('href="/console/barriers?actionArea=procurement&page=2" rel="next"');
    expect(first.text).not.toContain('rel="prev"');

    const second = await board.agent.get('/console/barriers?actionArea=procurement&page=2').expect(200);
    expect(rows(second.text)).toHaveLength(10);
    expect(second.text).toContain('Showing 51 to 60 of 60');
    expect(decoded(second.text)).toContain('href="/console/barriers?actionArea=procurement" rel="prev"');
    expect(second.text).not.toContain('rel="next"');
    // Together, every one of them once, oldest first (none has a due date yet).
    expect([...rows(first.text), ...rows(second.text)]).toEqual([...paged].sort());

    // Unfiltered, the answered barriers come after every open one: on page 2, at the bottom.
    const all = await board.agent.get('/console/barriers?page=2').expect(200);
    expect(rows(all.text).slice(-2).sort()).toEqual([ours, theirs].sort());
    expect(all.text).toContain('Showing 51 to 63 of 63');
  });

  it('a page that is not a whole number from 1 is a 400 saying so; one past the end says so', async () => {
    for (const page of ['0', 'abc', '-2', '1.5']) {
      const bad = await board.agent.get(`/console/barriers?page=${page}`).expect(400);
      expect(bad.text).toContain('The page address is not right: page must be a whole number from 1');
    }
    const beyond = await board.agent.get('/console/barriers?actionArea=procurement&page=9').expect(200);
    expect(rows(beyond.text)).toHaveLength(0);
    expect(beyond.text).toContain('There is no page 9: the last is page 2.');
    expect(decoded(beyond.text)).toContain('href="/console/barriers?actionArea=procurement&page=2"');
  });

  it('a ccg session pages its own barriers only', async () => {
    const own = await ccg.agent.get('/console/barriers?actionArea=procurement').expect(200);
    expect(own.text).toContain('30 barriers match the filter');
    expect(rows(own.text)).toHaveLength(30);
    expect(rows(own.text).every((ref) => paged.indexOf(ref) % 2 === 0)).toBe(true);
    expect(own.text).not.toContain('rel="next"');
  });

  it('offers for linking barriers of the same area or objective under no issue yet, and the issues not merged', async () => {
    const page = await board.agent.get(`/console/barriers/${paged[0]}`).expect(200);
    const offered = [...page.text.matchAll(/name="barriers" type="checkbox" value="(BAR-\d{4}-\d{4,})"/g)].map((m) => m[1]);
    expect(offered).toEqual(paged.slice(1));
    // Not another area and objective, nor barriers already under an issue (joined through the issue).
    expect(offered).not.toContain(elsewhere);
    expect(offered).not.toContain(theirs);
    expect(page.text).toContain(`<option value="${issueRef}">`);
    expect(page.text).not.toContain('data-testid="link-more"');
  });
});
