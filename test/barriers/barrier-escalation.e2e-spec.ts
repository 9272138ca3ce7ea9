// Escalation of national barriers through the one pipeline, on real PostgreSQL and Redis: CCGs of
// the register raise barriers, the Board triages and links them and answers some; the quarterly
// sweep submits one assessment per open issue through intake, the workers evaluate them, Board
// staff confirm or override, and the quarterly letter and the annual report read what was issued.
import { parse } from 'csv-parse/sync';
import { signedIn } from '../console/console-support.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read as free-form JSON
type Json = Record<string, any>;

const QUARTER = '2013-Q3';
let t: TestApp;
/** The subjects, by what the rules should make of them. */
const refs = { escalated: '', answered: '', chased: '', lone: '' };
/** The 12 CCGs (4 in each of 3 regions) that raise the escalated issue. */
let twelve: { odsCode: string; name: string; regionName: string }[] = [];

async function raise(ccg: string, over: Json = {}): Promise<string> {
  const body = {
    ccg,
    objectives: [13, 19],
    actionArea: 'contracting-and-pricing',
    stopsLocally: 'Episode tariffs pay the acute trust per admission, so a joint frailty service would cost it income.',
    nationalBodies: ['nhs-commissioning-board', 'monitor'],
    raisedOn: '2013-07-15',
    ...over,
  };
  return (await t.as('board').post('/api/v1/barriers').send(body).expect(201)).body.ref as string;
}

async function triage(ref: string, responseDue: string): Promise<void> {
  await t
    .as('board')
    .post(`/api/v1/barriers/${ref}/triage`)
    .send({
      triage: 'national',
      reason: 'Set nationally: only national action can change it.',
      owner: 'Director of Commissioning Development',
      responseDue,
    })
    .expect(200);
}

async function link(barriers: string[], title: string): Promise<string> {
  return (await t.as('board').post('/api/v1/barriers/link').send({ barriers, title }).expect(200)).body.ref as string;
}

async function sweep(quarter: string): Promise<Json> {
  const res = await t.as('board').post('/api/v1/barriers/sweeps').send({ quarter }).expect(202);
  return eventually(
    async () => {
      const s = (await t.as('auditor').get(`/api/v1/barriers/sweeps/${res.body.id}`).expect(200)).body;
      return s.status === 'completed' || s.status === 'failed' ? { ...s, requested: res.body } : undefined;
    },
    60_000,
    `barrier sweep of ${quarter}`,
  );
}

/** The proposed decision of a subject's escalation for the quarter. */
async function decisionOf(subject: string): Promise<{ id: string; proposedKey: string; status: string }> {
  return t.prisma.decision.findFirstOrThrow({
    where: { assessment: { family: 'barrier-escalation', subject, period: QUARTER } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, proposedKey: true, status: true },
  });
}

const letter = (format = 'json') => t.as('board').get(`/api/v1/barriers/reports/quarterly?quarter=${QUARTER}&format=${format}`).expect(200);

beforeAll(async () => {
  t = await startTestApp();
  const ccgs = await t.prisma.ccg.findMany({ orderBy: { odsCode: 'asc' }, select: { odsCode: true, name: true, regionName: true } });
  const regions = [...new Set(ccgs.map((c) => c.regionName))].sort().slice(0, 3);
  twelve = regions.flatMap((r) => ccgs.filter((c) => c.regionName === r).slice(0, 4));
  const others = ccgs.filter((c) => !twelve.includes(c));

  // Raised by 12 CCGs in 3 regions, due 30 November 2013, never answered.
  const escalated = [];
  for (const c of twelve) escalated.push(await raise(c.odsCode));
  for (const ref of escalated) await triage(ref, '2013-11-30');
  refs.escalated = await link(escalated, 'Episode tariffs stop joint frailty services');

  // As widely raised, answered within the quarter.
  const answered = [];
  for (const c of twelve.slice(0, 6))
    answered.push(
      await raise(c.odsCode, {
        objectives: [14],
        actionArea: 'information-sharing-technology',
        stopsLocally: 'GP and hospital systems cannot share the care record.',
      }),
    );
  for (const ref of answered) await triage(ref, '2013-09-30');
  refs.answered = await link(answered, 'Care records cannot be shared');
  await t
    .as('board')
    .post(`/api/v1/national-issues/${refs.answered}/responses`)
    .send({ text: 'National record-sharing standards for 2014, with the Health and Social Care Information Centre.', respondedOn: '2013-10-20' })
    .expect(201);

  // Two CCGs of one region, overdue: the rules chase the owner (Board staff will escalate it).
  const chased = [];
  for (const c of others.slice(0, 2))
    chased.push(
      await raise(c.odsCode, {
        objectives: [19],
        actionArea: 'procurement',
        stopsLocally: 'Procurement rules stop a joint venture with the council.',
      }),
    );
  for (const ref of chased) await triage(ref, '2013-11-30');
  refs.chased = await link(chased, 'Procurement rules <b>block</b> joint ventures');

  // A barrier triaged national and never linked, long overdue: its own subject, into the letter.
  refs.lone = await raise(others[2].odsCode, { objectives: [14], actionArea: 'information-sharing-technology', raisedOn: '2013-07-01' });
  await triage(refs.lone, '2013-08-01');
  // Local barriers and withdrawn ones are not swept.
  const local = await raise(others[3].odsCode);
  await t
    .as('board')
    .post(`/api/v1/barriers/${local}/triage`)
    .send({ triage: 'local', reason: 'The area team can solve this one locally.' })
    .expect(200);
});
afterAll(() => t.close());

describe('the quarterly barrier sweep', () => {
  let first: Json;

  it('refuses a bad quarter, a quarter without rules or not begun, and roles that may not sweep', async () => {
    for (const quarter of ['2013-Q9', '2012-Q4', '2099-Q1']) {
      const res = await t.as('board').post('/api/v1/barriers/sweeps').send({ quarter }).expect(422);
      expect(res.body.issues).toEqual([expect.objectContaining({ field: 'quarter' })]);
    }
    await t.as('auditor').post('/api/v1/barriers/sweeps').send({ quarter: QUARTER }).expect(403);
    await t.as('ccg').post('/api/v1/barriers/sweeps').send({ quarter: QUARTER }).expect(404);
    expect(await t.prisma.barrierSweep.count()).toBe(0);
    expect(await t.prisma.assessment.count({ where: { family: 'barrier-escalation' } })).toBe(0);
  });

  it('submits one assessment per open subject through intake, and the workers evaluate them', async () => {
    first = await sweep(QUARTER);
    expect(first.status).toBe('completed');
    expect([...first.requested.subjects].sort()).toEqual([refs.escalated, refs.answered, refs.chased, refs.lone].sort());
    expect(first.requested).toMatchObject({ asOf: '2013-12-31', alreadyAssessed: [], refused: [] });
    expect(first.report).toMatchObject({
      quarter: QUARTER,
      subjects: 4,
      submitted: 4,
      failed: [],
      awaitingReview: 4,
      actions: { answered: 1, 'awaiting-response': 0, 'chase-owner': 1, 'include-in-letter': 2, 'select-committee': 0 },
      inLetter: [refs.lone, refs.escalated].sort(),
      chased: [refs.chased],
      answered: [refs.answered],
    });
    // Intake queued them at once: the sweep waited for whatever the workers had not yet taken.
    expect(first.report.evaluatedBySweep).toBeLessThanOrEqual(4);
    // Through the normal intake: an assessment.created per subject, evaluated by a worker's job.
    const assessments = await t.prisma.assessment.findMany({ where: { family: 'barrier-escalation', period: QUARTER } });
    expect(assessments.map((a) => a.subject).sort()).toEqual(first.requested.subjects.sort());
    expect(await t.prisma.auditEvent.count({ where: { action: 'evaluation.completed', entityId: { in: assessments.map((a) => a.id) } } })).toBe(4);
    expect(
      await t.prisma.auditEvent.count({
        where: { entityId: first.id, action: { in: ['barrier-escalation.sweep.requested', 'barrier-escalation.sweep.completed'] } },
      }),
    ).toBe(2);
  });

  it('proposes the letter for the issue 12 CCGs in 3 regions raised, unanswered past its due date, and not for the answered one', async () => {
    const escalated = await decisionOf(refs.escalated);
    const answered = await decisionOf(refs.answered);
    expect(escalated.proposedKey).toBe('include-in-letter');
    expect(answered.proposedKey).toBe('answered');
    const doc = await t.as('board').get(`/api/v1/decisions/${escalated.id}/document`).expect(200);
    expect(doc.text).toContain('Into the quarterly letter to the Board');
    expect(doc.text).toContain('Overdue, and raised by many CCGs in several regions');
    // Proposals are not the letter: nothing is in it until Board staff issue.
    expect((await letter()).body).toMatchObject({ count: 0, subjects: [] });
  });

  it('sweeping again submits nothing new', async () => {
    const again = await sweep(QUARTER);
    expect(again.requested).toMatchObject({ submitted: [], refused: [] });
    expect([...again.requested.alreadyAssessed].sort()).toEqual([...first.requested.subjects].sort());
    expect(again.report).toMatchObject({ subjects: 4, evaluatedBySweep: 0, inLetter: first.report.inLetter });
    expect(await t.prisma.assessment.count({ where: { family: 'barrier-escalation' } })).toBe(4);
  });
});

describe('issued by Board staff, read in the reports', () => {
  beforeAll(async () => {
    for (const ref of [refs.escalated, refs.answered, refs.lone]) {
      await t
        .as('board')
        .post(`/api/v1/decisions/${(await decisionOf(ref)).id}/confirm`)
        .send({})
        .expect(200);
    }
    // Board staff escalate the chased issue themselves, with a reason.
    const chased = await decisionOf(refs.chased);
    expect(chased.proposedKey).toBe('chase-owner');
    await t
      .as('board')
      .post(`/api/v1/decisions/${chased.id}/override`)
      .send({ reason: 'The owner has been chased twice already this year.', outcome: { action: 'include-in-letter' } })
      .expect(200);
  });

  it('records each issued escalation, audited', async () => {
    const rows = await t.prisma.barrierEscalation.findMany({ where: { quarter: QUARTER } });
    expect(rows.map((r) => [r.subjectRef, r.outcomeKey, r.inLetter, r.overridden]).sort()).toEqual(
      [
        [refs.escalated, 'include-in-letter', true, false],
        [refs.answered, 'answered', false, false],
        [refs.chased, 'include-in-letter', true, true],
        [refs.lone, 'include-in-letter', true, false],
      ].sort(),
    );
    expect(await t.prisma.auditEvent.count({ where: { action: 'barrier-escalation.recorded' } })).toBe(4);
  });

  it('the quarterly letter lists exactly the escalated issues, by objective and action area, with their CCGs and the Board’s answer or its absence', async () => {
    const body = (await letter()).body as Json;
    expect([...body.subjects].sort()).toEqual([refs.escalated, refs.chased, refs.lone].sort());
    expect(body.subjects).not.toContain(refs.answered);
    expect(body).toMatchObject({
      quarter: QUARTER,
      count: 3,
      to: 'NHS Commissioning Board',
      copiedTo: 'Secretary of State for Health',
      synthetic: false,
    });
    const placed = (body.objectives as Json[]).flatMap((o) =>
      (o.actionAreas as Json[]).flatMap((a) => (a.entries as Json[]).map((e) => [o.number, a.actionArea, e.ref])),
    );
    expect(placed).toEqual([
      // Its barriers cite objectives 13 and 19 alike: listed under the lower.
      [13, 'contracting-and-pricing', refs.escalated],
      [14, 'information-sharing-technology', refs.lone],
      [19, 'procurement', refs.chased],
    ]);
    const entry = body.objectives[0].actionAreas[0].entries[0] as Json;
    expect(entry).toMatchObject({ answer: null, responseDue: '2013-11-30', daysOverdue: 31, regions: expect.any(Array) });
    expect(entry.regions).toHaveLength(3);
    expect(entry.ccgs).toEqual(
      twelve.map((c) => ({ code: c.odsCode, name: c.name, region: c.regionName })).sort((a, b) => a.code.localeCompare(b.code)),
    );
  });

  it('as CSV and printable HTML, chosen by format or by Accept, the HTML escaped', async () => {
    const csv = await letter('csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse<Record<string, string>>(csv.text, { columns: true });
    expect(rows.map((r) => r.ref).sort()).toEqual([refs.escalated, refs.chased, refs.lone].sort());
    expect(rows.find((r) => r.ref === refs.escalated)).toMatchObject({ ccgCount: '12', boardAnswer: 'no answer yet', objective: '13' });

    const html = await letter('html');
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    for (const ref of [refs.escalated, refs.chased, refs.lone]) expect(html.text).toContain(`data-ref="${ref}"`);
    expect(html.text).not.toContain(refs.answered);
    expect(html.text).toContain('no answer yet');
    expect(html.text).toContain(twelve[0].name.replace(/&/g, '&amp;').replace(/'/g, '&#x27;'));
    expect(html.text).toContain('Procurement rules &lt;b&gt;block&lt;/b&gt; joint ventures');
    expect(html.text).not.toContain('<b>block</b>');

    const byAccept = await t.as('board').get(`/api/v1/barriers/reports/quarterly?quarter=${QUARTER}`).set('Accept', 'text/csv').expect(200);
    expect(byAccept.headers['content-type']).toMatch(/^text\/csv/);
    const plain = await t.as('auditor').get(`/api/v1/barriers/reports/quarterly?quarter=${QUARTER}`).expect(200);
    expect(plain.body.count).toBe(3);
  });

  it('the annual report counts per objective the raised, answered, overdue and escalated', async () => {
    const report = (await t.as('board').get('/api/v1/barriers/reports/annual?year=2013/14').expect(200)).body as Json;
    const counts = (report.objectives as Json[]).map((o) => [o.number, o.raised, o.answered, o.overdue, o.escalated]);
    expect(counts).toEqual([
      // The local barrier (objectives 13 and 19) is raised, but has no due date to be overdue by.
      [13, 13, 0, 12, 12],
      [14, 7, 6, 1, 1],
      [19, 15, 0, 14, 14],
    ]);
    // Each barrier once: 12 + 6 + 2 + 1 + the local one.
    expect(report.totals).toEqual({ raised: 22, answered: 6, overdue: 15, escalated: 15, selectCommittee: 0 });
    const csv = parse<Record<string, string>>((await t.as('board').get('/api/v1/barriers/reports/annual?year=2013/14&format=csv').expect(200)).text, {
      columns: true,
    });
    expect(csv.map((r) => [r.objective, r.raised, r.escalated])).toEqual([
      ['13', '13', '12'],
      ['14', '7', '1'],
      ['19', '15', '14'],
      ['all', '22', '15'],
    ]);
    const html = await t.as('board').get('/api/v1/barriers/reports/annual?year=2013/14&format=html').expect(200);
    expect(html.text).toContain('<tr data-objective="13">');
  });

  it('in the console: the quarters on record, and the same letter and report, printable or CSV', async () => {
    const { agent } = await signedIn(t, 'auditor');
    const page = await agent.get('/console/barrier-reports').expect(200);
    expect(page.text).toContain('href="/console/barrier-reports"'); // in the menu
    expect(page.text).toMatch(new RegExp(`data-quarter="${QUARTER}">\\s*<td[^>]*>${QUARTER}</td>\\s*<td[^>]*>4</td>\\s*<td[^>]*>3</td>`));
    expect(page.text).toContain('data-year="2013/14"');
    const html = await agent.get(`/console/barrier-reports/quarterly?quarter=${QUARTER}`).expect(200);
    for (const ref of [refs.escalated, refs.chased, refs.lone]) expect(html.text).toContain(`data-ref="${ref}"`);
    const csv = await agent.get('/console/barrier-reports/annual?year=2013/14&format=csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    await agent.get('/console/barrier-reports/quarterly?quarter=2013-Q0').expect(400);
    // A decision of the family is reviewed on the shared pages, with the override form built from its schema.
    const assessment = await t.prisma.assessment.findFirstOrThrow({ where: { family: 'barrier-escalation', subject: refs.escalated } });
    const review = await agent.get(`/console/assessments/${assessment.id}`).expect(200);
    expect(review.text).toContain(refs.escalated);
    await agent.get('/console/queue?family=barrier-escalation').expect(200);
  });

  it('refuses a bad query naming the field, and answers a ccg key as if the reports did not exist', async () => {
    const bad = await t.as('board').get('/api/v1/barriers/reports/quarterly?quarter=2013-Q9').expect(400);
    expect(bad.body.issues).toEqual([expect.objectContaining({ field: 'query.quarter' })]);
    expect((await t.as('board').get('/api/v1/barriers/reports/quarterly').expect(400)).body.issues).toEqual([
      expect.objectContaining({ field: 'query.quarter' }),
    ]);
    expect((await t.as('board').get('/api/v1/barriers/reports/annual?year=2013/15').expect(400)).body.issues).toEqual([
      expect.objectContaining({ field: 'query.year' }),
    ]);
    expect((await t.as('board').get(`/api/v1/barriers/reports/quarterly?quarter=${QUARTER}&format=pdf`).expect(400)).body.issues).toEqual([
      expect.objectContaining({ field: 'query.format' }),
    ]);
    // A parameter the reports do not take is named (the route's required one given).
    expect((await t.as('auditor').get(`/api/v1/barriers/reports/quarterly?quarter=${QUARTER}&notListed=1`).expect(400)).body.issues).toEqual([
      expect.objectContaining({ field: 'query.notListed' }),
    ]);
    await t.as('ccg').get(`/api/v1/barriers/reports/quarterly?quarter=${QUARTER}`).expect(404);
    await t.as('ccg').get('/api/v1/barriers/reports/annual?year=2013/14').expect(404);
  });
});
