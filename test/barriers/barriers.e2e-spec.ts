// National barriers through the API on real PostgreSQL: a CCG raises its own (and Board staff on
// its behalf), adds evidence, withdraws; the Board triages, links barriers of several CCGs under
// one national issue and answers it once; a CCG rejects the answer. Bad input is a 4xx naming the
// field and writes nothing.
import type { Response } from 'supertest';
import { eventually, startTestApp, TEST_CCG, type AsKey, type TestApp } from '../support/test-app.js';
import { waitingOnLock } from '../support/lock-waits.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read as free-form JSON
type Json = Record<string, any>;

const OTHER_CCG = '02N';
const THIRD_CCG = '09C';

let t: TestApp;
let other: AsKey;
let third: AsKey;
beforeAll(async () => {
  t = await startTestApp();
  other = (await t.ccgKey(OTHER_CCG)).as;
  third = (await t.ccgKey(THIRD_CCG)).as;
});
afterAll(() => t.close());

const barrierBody = (over: Json = {}): Json => ({
  objectives: [13, 19],
  actionArea: 'contracting-and-pricing',
  stopsLocally: 'Episode tariffs pay the acute trust per admission, so the joint frailty service would cost it income.',
  nationalBodies: ['nhs-commissioning-board', 'monitor'],
  raisedOn: '2013-07-15',
  ...over,
});

const triageBody = (over: Json = {}): Json => ({
  triage: 'national',
  reason: 'Tariff design is set nationally with Monitor.',
  owner: 'Director of Commissioning Development',
  responseDue: '2013-10-31',
  ...over,
});

/** Every table a barrier route writes, and the audit log. */
async function written() {
  const p = t.prisma;
  const [barriers, evidence, issues, responses, rejections, audit, updated] = await Promise.all([
    p.barrier.count(),
    p.barrierEvidence.count(),
    p.nationalIssue.count(),
    p.nationalIssueResponse.count(),
    p.barrierResponseRejection.count(),
    p.auditEvent.count(),
    p.barrier.aggregate({ _max: { updatedAt: true } }),
  ]);
  return { barriers, evidence, issues, responses, rejections, audit, lastUpdate: updated._max.updatedAt };
}

const raise = async (as: AsKey, over: Json = {}): Promise<Json> => (await as.post('/api/v1/barriers').send(barrierBody(over)).expect(201)).body;

describe('raising a barrier', () => {
  it('a CCG raises its own, cited by objective, and it is audited', async () => {
    const b = await raise(t.as('ccg'), {
      evidence: [{ summary: 'Six months of frailty admissions show 40% could be avoided.', source: 'local audit 2013' }],
    });
    expect(b).toMatchObject({
      ref: expect.stringMatching(/^BAR-2013-\d{4}$/),
      ccg: { code: TEST_CCG },
      status: 'raised',
      raisedOn: '2013-07-15',
      objectives: [
        { number: 13, title: 'Integration of care' },
        { number: 19, title: 'Financial incentives and pricing' },
      ],
      nationalIssue: null,
      evidence: [expect.objectContaining({ summary: expect.stringContaining('frailty'), addedBy: `test-ccg-${TEST_CCG}` })],
    });
    const events = await t.prisma.auditEvent.findMany({ where: { entityType: 'barrier', entityId: b.ref } });
    expect(events).toEqual([
      expect.objectContaining({
        action: 'barrier.raised',
        actorRole: 'ccg',
        payload: expect.objectContaining({ ccg: TEST_CCG, onBehalfOfCcg: false }),
      }),
    ]);
  });

  it('Board staff raise on a named CCG’s behalf; the refs count on per year', async () => {
    const b = await raise(t.as('board'), { ccg: OTHER_CCG.toLowerCase(), raisedOn: '2014-01-10' });
    expect(b).toMatchObject({ ref: 'BAR-2014-0001', ccg: { code: OTHER_CCG }, createdBy: 'test-board' });
    const second = await raise(t.as('board'), { ccg: OTHER_CCG, raisedOn: '2014-02-10' });
    expect(second.ref).toBe('BAR-2014-0002');
    const event = await t.prisma.auditEvent.findFirst({ where: { entityId: b.ref, action: 'barrier.raised' } });
    expect(event).toMatchObject({ actorRole: 'board', payload: expect.objectContaining({ onBehalfOfCcg: true }) });
  });

  it('a CCG reads its own barriers; Board staff read and filter all', async () => {
    const own = (await t.as('ccg').get('/api/v1/barriers').expect(200)).body.items as Json[];
    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own.map((b) => b.ccg.code))).toEqual(new Set([TEST_CCG]));
    const all = (await t.as('board').get('/api/v1/barriers').expect(200)).body.items as Json[];
    expect(new Set(all.map((b) => b.ccg.code))).toEqual(new Set([TEST_CCG, OTHER_CCG]));
    const filtered = (await t.as('board').get(`/api/v1/barriers?ccg=${OTHER_CCG}&objective=19`).expect(200)).body.items as Json[];
    expect(filtered.length).toBe(2);
    expect((await t.as('board').get('/api/v1/barriers?objective=1').expect(200)).body.items).toEqual([]);
    const bad = await t.as('board').get('/api/v1/barriers?status=lost').expect(400);
    expect(bad.body.issues).toEqual([expect.objectContaining({ field: 'query.status' })]);
  });

  it('the list comes a page at a time, newest first, with the total', async () => {
    const all = (await t.as('board').get('/api/v1/barriers?pageSize=200').expect(200)).body;
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThan(2);
    const first = (await t.as('board').get('/api/v1/barriers?pageSize=2').expect(200)).body;
    const second = (await t.as('board').get('/api/v1/barriers?pageSize=2&page=2').expect(200)).body;
    expect(first).toMatchObject({ page: 1, pageSize: 2, total: all.total });
    expect([...first.items, ...second.items].map((b: Json) => b.ref)).toEqual(all.items.slice(0, 4).map((b: Json) => b.ref));
    const raised = all.items.map((b: Json) => b.raisedOn as string);
    expect(raised).toEqual([...raised].sort().reverse());
    const tooMany = await t.as('board').get('/api/v1/barriers?pageSize=201').expect(400);
    expect(tooMany.body.issues).toEqual([expect.objectContaining({ field: 'query.pageSize' })]);
  });
});

describe('bad input writes nothing', () => {
  const cases: [string, () => AsKey, Json, number, string][] = [
    ['an unknown objective', () => t.as('ccg'), barrierBody({ objectives: [14, 23] }), 422, 'objectives.1'],
    ['an unknown action area', () => t.as('ccg'), barrierBody({ actionArea: 'workforce' }), 422, 'actionArea'],
    ['`other` without a reason', () => t.as('ccg'), barrierBody({ actionArea: 'other' }), 422, 'otherReason'],
    ['an unknown national body', () => t.as('ccg'), barrierBody({ nationalBodies: ['nice'] }), 422, 'nationalBodies.0'],
    ["another CCG's code in a CCG key's body", () => t.as('ccg'), barrierBody({ ccg: OTHER_CCG }), 422, 'ccg'],
    ['a CCG code not in the register, from a CCG key', () => t.as('ccg'), barrierBody({ ccg: 'ZZZ' }), 422, 'ccg'],
    ['Board staff naming no CCG', () => t.as('board'), barrierBody(), 422, 'ccg'],
    ['Board staff naming a CCG not in the register', () => t.as('board'), barrierBody({ ccg: 'ZZZ' }), 422, 'ccg'],
    ['a date raised after today', () => t.as('ccg'), barrierBody({ raisedOn: '2999-01-01' }), 422, 'raisedOn'],
    ['a date raised before the CCGs were established', () => t.as('ccg'), barrierBody({ raisedOn: '2013-03-31' }), 422, 'raisedOn'],
    ['a CCG key marking its own barrier synthetic', () => t.as('ccg'), barrierBody({ provenance: 'synthetic' }), 422, 'provenance'],
    ['a field it does not know', () => t.as('ccg'), barrierBody({ status: 'answered' }), 422, 'status'],
  ];
  it.each(cases)('%s', async (_what, as, body, status, field) => {
    const before = await written();
    const res = await as().post('/api/v1/barriers').send(body).expect(status);
    expect(res.body.issues).toEqual([expect.objectContaining({ field })]);
    expect(await written()).toEqual(before);
  });

  it("another CCG's code answers the same whether or not that CCG has barriers", async () => {
    const a = await t
      .as('ccg')
      .post('/api/v1/barriers')
      .send(barrierBody({ ccg: OTHER_CCG }))
      .expect(422);
    const b = await t
      .as('ccg')
      .post('/api/v1/barriers')
      .send(barrierBody({ ccg: '99E' }))
      .expect(422);
    expect(a.body).toEqual(b.body);
  });
});

describe('evidence and withdrawal', () => {
  it('a CCG adds evidence to its own and withdraws it; withdrawing again is a conflict', async () => {
    const b = await raise(t.as('ccg'));
    const withEvidence = (
      await t
        .as('ccg')
        .post(`/api/v1/barriers/${b.ref}/evidence`)
        .send({ summary: 'The trust’s letter declining a block contract for frailty.', source: 'letter of 2 August 2013' })
        .expect(201)
    ).body;
    expect(withEvidence.evidence).toHaveLength(1);
    const onBehalf = await t
      .as('board')
      .post(`/api/v1/barriers/${b.ref}/evidence`)
      .send({ summary: 'Minutes of the area team meeting, item 4.' })
      .expect(201);
    expect(onBehalf.body.evidence.map((e: Json) => e.addedBy)).toEqual([`test-ccg-${TEST_CCG}`, 'test-board']);

    // Board staff triage, they do not withdraw a CCG's barrier.
    await t.as('board').post(`/api/v1/barriers/${b.ref}/withdraw`).send({ reason: 'Raised in error by the board.' }).expect(403);
    const withdrawn = (await t.as('ccg').post(`/api/v1/barriers/${b.ref}/withdraw`).send({ reason: 'Solved locally with the trust.' }).expect(200))
      .body;
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawn: { reason: 'Solved locally with the trust.' } });

    const before = await written();
    const again = await t.as('ccg').post(`/api/v1/barriers/${b.ref}/withdraw`).send({ reason: 'Solved locally with the trust.' }).expect(409);
    expect(again.body.message).toMatch(/already withdrawn/);
    await t.as('ccg').post(`/api/v1/barriers/${b.ref}/evidence`).send({ summary: 'One more piece of evidence here.' }).expect(409);
    await t.as('board').post(`/api/v1/barriers/${b.ref}/triage`).send(triageBody()).expect(409);
    expect(await written()).toEqual(before);

    const actions = (await t.prisma.auditEvent.findMany({ where: { entityType: 'barrier', entityId: b.ref }, orderBy: { id: 'asc' } })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(['barrier.raised', 'barrier.evidence.added', 'barrier.evidence.added', 'barrier.withdrawn']);
  });

  it('a malformed body names the field and writes nothing', async () => {
    const b = await raise(t.as('ccg'));
    const before = await written();
    const res = await t.as('ccg').post(`/api/v1/barriers/${b.ref}/evidence`).send({ summary: 'short' }).expect(422);
    expect(res.body.issues).toEqual([expect.objectContaining({ field: 'summary' })]);
    const triage = await t
      .as('board')
      .post(`/api/v1/barriers/${b.ref}/triage`)
      .send(triageBody({ owner: undefined }))
      .expect(422);
    expect(triage.body.issues).toEqual([expect.objectContaining({ field: 'owner' })]);
    await t.as('board').post('/api/v1/barriers/BAR-2013-9999/triage').send(triageBody()).expect(404);
    expect(await written()).toEqual(before);
  });
});

describe('triage, linking and the Board’s answer', () => {
  let own: Json;
  let others: Json;
  let thirds: Json;

  beforeAll(async () => {
    own = await raise(t.as('ccg'));
    others = await raise(other);
    thirds = await raise(third, { objectives: [14], actionArea: 'information-sharing-technology', nationalBodies: ['department-of-health'] });
  });

  it('Board staff triage a barrier with a reason, an owner and a due date', async () => {
    const triaged = (await t.as('board').post(`/api/v1/barriers/${own.ref}/triage`).send(triageBody()).expect(200)).body;
    expect(triaged).toMatchObject({
      status: 'triaged',
      triage: { kind: 'national', reason: expect.any(String), by: 'test-board' },
      owner: 'Director of Commissioning Development',
      responseDue: '2013-10-31',
    });
    await t.as('ccg').post(`/api/v1/barriers/${own.ref}/triage`).send(triageBody()).expect(404);
    await t.as('auditor').post(`/api/v1/barriers/${own.ref}/triage`).send(triageBody()).expect(403);
    expect(await t.prisma.auditEvent.count({ where: { entityId: own.ref, action: 'barrier.triaged' } })).toBe(1);
  });

  it('linking two barriers puts their CCGs under one national issue, audited', async () => {
    const issue = (
      await t
        .as('board')
        .post('/api/v1/barriers/link')
        .send({ barriers: [own.ref, others.ref], title: 'Episode tariffs penalise integrated frailty care' })
        .expect(200)
    ).body;
    expect(issue).toMatchObject({
      ref: 'NI-2013-0001',
      status: 'open',
      // Taken from the triage, as the request named none.
      owner: 'Director of Commissioning Development',
      responseDue: '2013-10-31',
      ccgs: [
        { code: TEST_CCG, name: expect.any(String) },
        { code: OTHER_CCG, name: expect.any(String) },
      ],
    });
    expect(issue.barriers.map((b: Json) => b.ref).sort()).toEqual([own.ref, others.ref].sort());
    const linked = await t.prisma.auditEvent.findMany({ where: { action: 'barrier.linked' }, orderBy: { id: 'asc' } });
    expect(linked.map((e) => [e.entityId, (e.payload as Json).nationalIssue, (e.payload as Json).ccg])).toEqual([
      [own.ref, issue.ref, TEST_CCG],
      [others.ref, issue.ref, OTHER_CCG],
    ]);
    expect(await t.prisma.auditEvent.count({ where: { action: 'national-issue.opened', entityId: issue.ref } })).toBe(1);

    // Board staff see who else raised it; a CCG sees the issue, not the other CCGs.
    const asBoard = (await t.as('board').get(`/api/v1/barriers/${own.ref}`).expect(200)).body;
    expect(asBoard.nationalIssue.otherBarriers).toEqual([expect.objectContaining({ ref: others.ref, ccg: OTHER_CCG })]);
    const asCcg = (await t.as('ccg').get(`/api/v1/barriers/${own.ref}`).expect(200)).body;
    expect(asCcg.nationalIssue).toMatchObject({ ref: issue.ref, title: issue.title });
    expect(asCcg.nationalIssue).not.toHaveProperty('otherBarriers');
    expect(JSON.stringify(asCcg)).not.toContain(OTHER_CCG);
  });

  it('linking into a second issue folds it into the first, taking its barriers along', async () => {
    const second = (
      await t
        .as('board')
        .post('/api/v1/barriers/link')
        .send({ barriers: [thirds.ref], title: 'Block contracts cannot be agreed' })
        .expect(200)
    ).body;
    expect(second.ref).toBe('NI-2013-0002');
    const merged = (
      await t
        .as('board')
        .post('/api/v1/barriers/link')
        .send({ barriers: [thirds.ref, own.ref] })
        .expect(200)
    ).body;
    expect(merged).toMatchObject({ ref: 'NI-2013-0001', merged: ['NI-2013-0002'] });
    expect(merged.ccgs.map((c: Json) => c.code)).toEqual([TEST_CCG, OTHER_CCG, THIRD_CCG].sort());
    expect((await t.as('board').get('/api/v1/national-issues/NI-2013-0002').expect(200)).body).toMatchObject({
      status: 'merged',
      mergedInto: 'NI-2013-0001',
    });
    expect(await t.prisma.auditEvent.count({ where: { action: 'national-issue.merged', entityId: 'NI-2013-0002' } })).toBe(1);
    await t.as('board').post('/api/v1/national-issues/NI-2013-0002/responses').send({ text: 'Answered on the merged issue instead.' }).expect(409);
  });

  it('refuses to link what cannot be national, and an unknown barrier by its index, writing nothing', async () => {
    const local = await raise(t.as('ccg'));
    await t
      .as('board')
      .post(`/api/v1/barriers/${local.ref}/triage`)
      .send({ triage: 'local', reason: 'The local contract can pay for this.' })
      .expect(200);
    const alone = await raise(t.as('ccg'));
    const before = await written();
    const conflict = await t
      .as('board')
      .post('/api/v1/barriers/link')
      .send({ barriers: [own.ref, local.ref] })
      .expect(409);
    expect(conflict.body.message).toMatch(/triaged local/);
    const unknown = await t
      .as('board')
      .post('/api/v1/barriers/link')
      .send({ barriers: [own.ref, 'BAR-2013-9999'] })
      .expect(422);
    expect(unknown.body.issues).toEqual([expect.objectContaining({ field: 'barriers.1' })]);
    const untitled = await t
      .as('board')
      .post('/api/v1/barriers/link')
      .send({ barriers: [alone.ref] })
      .expect(422);
    expect(untitled.body.issues).toEqual([expect.objectContaining({ field: 'title' })]);
    await t
      .as('ccg')
      .post('/api/v1/barriers/link')
      .send({ barriers: [own.ref], title: 'A CCG cannot link' })
      .expect(404);
    expect(await written()).toEqual(before);
  });

  it('one response answers every CCG under the issue; a CCG rejects it with a reason', async () => {
    const issue = (
      await t
        .as('board')
        .post('/api/v1/national-issues/NI-2013-0001/responses')
        .send({
          text: 'A year-of-care tariff for frailty will be piloted from April 2014.',
          nationalAction: 'Joint pricing pilot with Monitor',
          respondedOn: '2013-10-20',
        })
        .expect(201)
    ).body;
    expect(issue).toMatchObject({ status: 'answered', responses: [expect.objectContaining({ nationalAction: 'Joint pricing pilot with Monitor' })] });
    for (const [as, ref] of [
      [t.as('ccg'), own.ref],
      [other, others.ref],
      [third, thirds.ref],
    ] as const) {
      expect((await as.get(`/api/v1/barriers/${ref}`).expect(200)).body).toMatchObject({
        status: 'answered',
        nationalIssue: { ref: 'NI-2013-0001', responses: [expect.objectContaining({ respondedOn: '2013-10-20' })] },
      });
    }
    expect(await t.prisma.auditEvent.count({ where: { action: 'barrier.answered', entityId: { in: [own.ref, others.ref, thirds.ref] } } })).toBe(3);

    const rejected = (
      await other
        .post(`/api/v1/barriers/${others.ref}/response-rejection`)
        .send({ reason: 'A pilot from April 2014 does nothing for this winter.', rejectedOn: '2013-11-01' })
        .expect(201)
    ).body;
    expect(rejected.rejections).toEqual([
      expect.objectContaining({ responseId: issue.responses[0].id, rejectedOn: '2013-11-01', rejectedBy: `test-ccg-${OTHER_CCG}` }),
    ]);
    expect(await t.prisma.auditEvent.count({ where: { action: 'barrier.response-rejected', entityId: others.ref } })).toBe(1);

    const before = await written();
    await other.post(`/api/v1/barriers/${others.ref}/response-rejection`).send({ reason: 'Rejecting the same response twice.' }).expect(409);
    await t.as('board').post(`/api/v1/barriers/${others.ref}/response-rejection`).send({ reason: 'The Board cannot reject for it.' }).expect(403);
    // Another CCG's barrier is not found to a CCG key, whatever it tries.
    await t.as('ccg').post(`/api/v1/barriers/${others.ref}/response-rejection`).send({ reason: 'Not our barrier to reject.' }).expect(404);
    await t.as('ccg').post(`/api/v1/barriers/${others.ref}/withdraw`).send({ reason: 'Not our barrier to withdraw.' }).expect(404);
    await t.as('ccg').post(`/api/v1/barriers/${others.ref}/evidence`).send({ summary: 'Not our barrier to add evidence to.' }).expect(404);
    await t.as('ccg').get(`/api/v1/barriers/${others.ref}`).expect(404);
    await t.as('ccg').get(`/api/v1/barriers?ccg=${OTHER_CCG}`).expect(404);
    await t.as('ccg').get('/api/v1/national-issues/NI-2013-0001').expect(404);
    expect(await written()).toEqual(before);
  });

  it('a barrier joining an answered issue is answered by it', async () => {
    const late = await raise(third, { raisedOn: '2013-11-05' });
    await t
      .as('board')
      .post('/api/v1/barriers/link')
      .send({ barriers: [late.ref, own.ref] })
      .expect(200);
    expect((await third.get(`/api/v1/barriers/${late.ref}`).expect(200)).body).toMatchObject({
      status: 'answered',
      nationalIssue: { ref: 'NI-2013-0001' },
    });
  });
});

describe('the mandate objectives', () => {
  it('are served to every role, a CCG key included', async () => {
    const res = await t.as('ccg').get('/api/v1/mandate/objectives').expect(200);
    expect(res.body.items).toHaveLength(22);
    expect(res.body.items[13]).toMatchObject({ number: 14, title: 'Information and IT', paragraph: '3.18' });
  });
});

describe('provenance and refs', () => {
  it('Board staff (and the demo) may mark a barrier synthetic; a CCG’s is submitted', async () => {
    expect(await raise(t.as('board'), { ccg: TEST_CCG, provenance: 'synthetic' })).toMatchObject({ provenance: 'synthetic' });
    expect(await raise(t.as('ccg'))).toMatchObject({ provenance: 'submitted' });
  });

  it('numbers on past 9999, where the text order of refs no longer is their number order', async () => {
    const first = await raise(t.as('board'), { ccg: TEST_CCG, raisedOn: '2016-05-02' });
    await t.prisma.barrier.update({ where: { ref: first.ref }, data: { ref: 'BAR-2016-9999' } });
    expect((await raise(t.as('board'), { ccg: TEST_CCG, raisedOn: '2016-05-03' })).ref).toBe('BAR-2016-10000');
    expect((await raise(t.as('board'), { ccg: TEST_CCG, raisedOn: '2016-05-04' })).ref).toBe('BAR-2016-10001');
  });
});

describe('a withdrawal landing while the Board links or answers', () => {
  /** Sends `request` while a transaction withdrawing `ref` (what the withdraw route writes) holds
   *  its row, and commits only once the request waits on that row: the withdrawal lands after
   *  whatever the request read unlocked, and before it writes. */
  async function withdrawnMeanwhile(ref: string, request: () => Promise<Response>): Promise<Response> {
    let pending: Promise<Response> | undefined;
    await t.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`UPDATE barriers SET status = 'withdrawn', withdrawn_reason = 'Solved locally meanwhile.', withdrawn_at = now() WHERE ref = ${ref}`;
        pending = request();
        await eventually(() => waitingOnLock(t.prisma), 10000, 'the request to wait on the barrier row');
      },
      { timeout: 20000 },
    );
    return pending!;
  }

  const triaged = async (as: AsKey = t.as('ccg')): Promise<Json> => {
    const b = await raise(as);
    await t.as('board').post(`/api/v1/barriers/${b.ref}/triage`).send(triageBody()).expect(200);
    return b;
  };
  const link = (refs: string[], title?: string) =>
    t
      .as('board')
      .post('/api/v1/barriers/link')
      .send({ barriers: refs, ...(title ? { title } : {}) })
      .then((r) => r);
  const stored = (ref: string) =>
    t.prisma.barrier.findUniqueOrThrow({ where: { ref }, select: { status: true, withdrawnAt: true, nationalIssueId: true } });

  it('linking refuses a barrier withdrawn meanwhile, naming it, and it stays withdrawn', async () => {
    const [a, b] = [await triaged(), await triaged(other)];
    const res = await withdrawnMeanwhile(b.ref, () => link([a.ref, b.ref], 'Withdrawn while the Board was linking'));
    expect(res.status).toBe(409);
    expect(res.body.message).toContain(b.ref);
    expect(await stored(b.ref)).toMatchObject({ status: 'withdrawn', withdrawnAt: expect.any(Date), nationalIssueId: null });
    expect(await t.prisma.auditEvent.count({ where: { action: 'barrier.linked', entityId: { in: [a.ref, b.ref] } } })).toBe(0);
  });

  it('a barrier of a merged issue withdrawn meanwhile moves along but stays withdrawn', async () => {
    const [a, b1, b2] = [await triaged(), await triaged(other), await triaged(third)];
    await link([a.ref], 'The older issue, kept').then((r) => expect(r.status).toBe(200));
    await link([b1.ref, b2.ref], 'The newer issue, merged').then((r) => expect(r.status).toBe(200));
    const res = await withdrawnMeanwhile(b2.ref, () => link([a.ref, b1.ref]));
    expect(res.status).toBe(200);
    expect(await stored(b2.ref)).toMatchObject({ status: 'withdrawn', withdrawnAt: expect.any(Date) });
    expect(await stored(b1.ref)).toMatchObject({ status: 'triaged', withdrawnAt: null });
  });

  it('an answer skips a barrier withdrawn meanwhile: it stays withdrawn, unanswered', async () => {
    const [a, b] = [await triaged(), await triaged(other)];
    const issue = (await link([a.ref, b.ref], 'Answered while one CCG withdraws')).body;
    const res = await withdrawnMeanwhile(b.ref, () =>
      t
        .as('board')
        .post(`/api/v1/national-issues/${issue.ref}/responses`)
        .send({ text: 'The Board answers both CCGs here.' })
        .then((r) => r),
    );
    expect(res.status).toBe(201);
    expect(await stored(b.ref)).toMatchObject({ status: 'withdrawn', withdrawnAt: expect.any(Date) });
    expect(await stored(a.ref)).toMatchObject({ status: 'answered' });
    expect(await t.prisma.auditEvent.count({ where: { action: 'barrier.answered', entityId: b.ref } })).toBe(0);
    const responded = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'national-issue.responded', entityId: issue.ref } });
    expect((responded.payload as Json).barriers).toEqual([a.ref]);
  });
});
