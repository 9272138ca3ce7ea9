// Barrier dates that contradict each other are refused, naming the field, and write nothing: a
// response due before the barrier was raised (triage, link), a response to a national issue before
// its earliest barrier was raised, a rejection before the response it rejects or before its
// barrier was raised. The escalation rules count what happened by `asOf`, so each would change a
// sweep's outcome.
import { startTestApp, type AsKey, type TestApp } from '../support/test-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read as free-form JSON
type Json = Record<string, any>;

let t: TestApp;
let other: AsKey;
beforeAll(async () => {
  t = await startTestApp();
  other = (await t.ccgKey('02N')).as;
});
afterAll(() => t.close());

const raise = async (as: AsKey, raisedOn: string): Promise<Json> =>
  (
    await as
      .post('/api/v1/barriers')
      .send({
        objectives: [13, 19],
        actionArea: 'contracting-and-pricing',
        stopsLocally: 'Episode tariffs pay the acute trust per admission, so the joint frailty service would cost it income.',
        nationalBodies: ['nhs-commissioning-board', 'monitor'],
        raisedOn,
      })
      .expect(201)
  ).body;

const triage = (ref: string, responseDue: string) =>
  t.as('board').post(`/api/v1/barriers/${ref}/triage`).send({
    triage: 'national',
    reason: 'Tariff design is set nationally with Monitor.',
    owner: 'Director of Commissioning Development',
    responseDue,
  });

const link = (body: Json) => t.as('board').post('/api/v1/barriers/link').send(body);
const respond = (issue: string, respondedOn: string) =>
  t.as('board').post(`/api/v1/national-issues/${issue}/responses`).send({ text: 'A year-of-care tariff will be piloted.', respondedOn });
const reject = (as: AsKey, ref: string, rejectedOn: string) =>
  as.post(`/api/v1/barriers/${ref}/response-rejection`).send({ reason: 'The pilot does nothing for this winter.', rejectedOn });

/** Every table a barrier route writes, and the audit log. */
async function written() {
  const p = t.prisma;
  const [barriers, issues, responses, rejections, audit, updated, issueUpdated] = await Promise.all([
    p.barrier.count(),
    p.nationalIssue.count(),
    p.nationalIssueResponse.count(),
    p.barrierResponseRejection.count(),
    p.auditEvent.count(),
    p.barrier.aggregate({ _max: { updatedAt: true } }),
    p.nationalIssue.aggregate({ _max: { updatedAt: true } }),
  ]);
  return { barriers, issues, responses, rejections, audit, lastUpdate: updated._max.updatedAt, lastIssueUpdate: issueUpdated._max.updatedAt };
}

/** A refusal naming exactly `field`, having written nothing. */
async function refused(request: () => PromiseLike<{ status: number; body: Json }>, field: string): Promise<Json> {
  const before = await written();
  const res = await request();
  expect(res.status).toBe(422);
  expect(res.body.issues).toEqual([{ field, message: expect.any(String) }]);
  expect(await written()).toEqual(before);
  return res.body;
}

describe('dates that contradict each other', () => {
  let early: Json; // raised 2013-05-01
  let late: Json; // raised 2013-07-15, by another CCG
  let issueRef: string;

  beforeAll(async () => {
    early = await raise(t.as('ccg'), '2013-05-01');
    late = await raise(other, '2013-07-15');
  });

  it('triage: a response cannot be due before the barrier was raised', async () => {
    const body = await refused(() => triage(early.ref, '2012-01-01'), 'responseDue');
    expect(body.issues[0].message).toContain('2013-05-01');
    await refused(() => triage(early.ref, '2013-04-30'), 'responseDue');
    expect((await t.prisma.barrier.findUniqueOrThrow({ where: { ref: early.ref } })).status).toBe('raised');
    // Due the day it was raised, or later, is no contradiction.
    await triage(early.ref, '2013-05-01').expect(200);
    await triage(early.ref, '2013-10-31').expect(200);
    await triage(late.ref, '2013-10-31').expect(200);
  });

  it('link: a new issue’s response cannot be due before its earliest barrier was raised', async () => {
    await refused(
      () => link({ barriers: [early.ref, late.ref], title: 'Episode tariffs penalise frailty care', responseDue: '2013-04-30' }),
      'responseDue',
    );
    const issue = (
      await link({ barriers: [early.ref, late.ref], title: 'Episode tariffs penalise frailty care', responseDue: '2013-05-01' }).expect(200)
    ).body;
    issueRef = issue.ref;
    expect(issue.responseDue).toBe('2013-05-01');
  });

  it('link: renaming an issue, its due date cannot precede its earliest barrier either', async () => {
    await refused(() => link({ barriers: [late.ref], responseDue: '2013-04-15' }), 'responseDue');
    // Before the later barrier was raised but not before the earliest: it joined an issue already due.
    const issue = (await link({ barriers: [late.ref], responseDue: '2013-06-30' }).expect(200)).body;
    expect(issue.responseDue).toBe('2013-06-30');
  });

  it('respond: a response cannot come before the earliest barrier under the issue was raised', async () => {
    const body = await refused(() => respond(issueRef, '2013-04-02'), 'respondedOn');
    expect(body.issues[0].message).toContain('2013-05-01');
    await refused(() => respond(issueRef, '2013-04-30'), 'respondedOn');
    const barriers = await t.prisma.barrier.findMany({ where: { ref: { in: [early.ref, late.ref] } }, select: { status: true } });
    expect(barriers.map((b) => b.status)).toEqual(['triaged', 'triaged']);
    // After the earliest, before the later one: the issue stood and the answer answers both.
    const issue = (await respond(issueRef, '2013-06-01').expect(201)).body;
    expect(issue).toMatchObject({ status: 'answered', responses: [expect.objectContaining({ respondedOn: '2013-06-01' })] });
  });

  it('rejection: not before the response it rejects, nor before its own barrier was raised', async () => {
    const body = await refused(() => reject(t.as('ccg'), early.ref, '2013-05-31'), 'rejectedOn');
    expect(body.issues[0].message).toContain('2013-06-01');
    // After the response, but the barrier (joining an answered issue) was raised later still.
    const before = await refused(() => reject(other, late.ref, '2013-07-01'), 'rejectedOn');
    expect(before.issues[0].message).toContain('2013-07-15');
    await reject(t.as('ccg'), early.ref, '2013-06-01').expect(201);
    await reject(other, late.ref, '2013-07-15').expect(201);
  });
});
