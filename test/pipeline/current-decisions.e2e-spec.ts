// One current decision per (family, subject, period): a newer assessment supersedes a pending
// proposal; issuing over a decision that stands is refused unless it is an amendment naming it.
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { qpAssessment, qpFacts } from '../support/qp-facts.js';

describe('one current decision per family, subject and period', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const decisionOf = async (id: string) => (await t.as('board').get(`/api/v1/decisions/${id}`).expect(200)).body;

  it('supersedes a pending proposal when a newer assessment of its key comes in, out of the queue and audited', async () => {
    const first = await t.submitAndWait(qpAssessment('05A'));
    const second = await t.submitAndWait(qpAssessment('05A', qpFacts({ population: 210000 })));

    const older = await t.as('board').get(`/api/v1/assessments/${first.id}`).expect(200);
    expect(older.body.status).toBe('superseded');
    expect(await decisionOf(first.decisions[0].id)).toMatchObject({ status: 'superseded', current: false });
    expect(await decisionOf(second.decisions[0].id)).toMatchObject({ status: 'proposed', current: true });

    const queue = await t.as('board').get('/api/v1/assessments?status=awaiting_review&subject=05A').expect(200);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toEqual([second.id]);
    const events = await t.prisma.auditEvent.findMany({ where: { entityId: first.id, action: 'assessment.superseded' } });
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ supersededBy: second.id, proposalSuperseded: first.decisions[0].id });

    const refused = await t.as('board').post(`/api/v1/decisions/${first.decisions[0].id}/confirm`).send({}).expect(409);
    expect(refused.body.error).toBe('SUPERSEDED');
  });

  it('refuses a second issued decision for the key unless it is an amendment that names the one that stands', async () => {
    const standing = await t.submitAndWait(qpAssessment('05D'));
    await t.as('board').post(`/api/v1/decisions/${standing.decisions[0].id}/confirm`).send({}).expect(200);
    const later = await t.submitAndWait(qpAssessment('05D', qpFacts({ population: 190000 })));
    const laterDecision = later.decisions[0].id;

    const refused = await t.as('board').post(`/api/v1/decisions/${laterDecision}/confirm`).send({}).expect(409);
    expect(refused.body).toMatchObject({ error: 'DECISION_STANDS', issues: [{ field: 'amends' }] });
    expect(refused.body.message).toContain(standing.decisions[0].id);

    const noReason = await t.as('board').post(`/api/v1/decisions/${laterDecision}/confirm`).send({ amends: standing.decisions[0].id }).expect(422);
    expect(noReason.body.issues[0].field).toBe('amendReason');
    const wrong = await t
      .as('board')
      .post(`/api/v1/decisions/${laterDecision}/confirm`)
      .send({ amends: laterDecision, amendReason: 'the list size was revised by the area team' })
      .expect(409);
    expect(wrong.body.issues[0].field).toBe('amends');
    expect(await decisionOf(standing.decisions[0].id)).toMatchObject({ status: 'issued', current: true });

    const amended = await t
      .as('board')
      .post(`/api/v1/decisions/${laterDecision}/confirm`)
      .send({ amends: standing.decisions[0].id, amendReason: 'the list size was revised by the area team' })
      .expect(200);
    expect(amended.body).toMatchObject({ status: 'issued' });
    // Issuing it again names the conflict.
    const again = await t.as('board').post(`/api/v1/decisions/${laterDecision}/confirm`).send({}).expect(409);
    expect(again.body.error).toBe('ALREADY_ISSUED');
    expect(await decisionOf(standing.decisions[0].id)).toMatchObject({ status: 'superseded', supersededBy: laterDecision, current: false });
    expect(await decisionOf(laterDecision)).toMatchObject({ status: 'issued', amends: standing.decisions[0].id, current: true });
    const document = await t.as('board').get(`/api/v1/decisions/${laterDecision}/document`).expect(200);
    expect(document.text).toContain('This decision replaces an earlier one');
    expect(document.text).toContain(standing.decisions[0].id);
    expect(await t.prisma.auditEvent.count({ where: { entityId: standing.decisions[0].id, action: 'decision.superseded' } })).toBe(1);
  });

  it('refuses a second item of the same key in one batch, naming it, and takes the first', async () => {
    const res = await t
      .as('board')
      .post('/api/v1/assessments:batch')
      .send({ items: [qpAssessment('06A'), qpAssessment('06A')] })
      .expect(207);
    expect(res.body.results[0]).toMatchObject({ status: 'queued' });
    expect(res.body.results[1]).toMatchObject({ status: 'rejected', statusCode: 409, issues: [{ field: 'subject' }] });
    expect(res.body.results[1].message).toContain('same family, subject and period');
  });

  it('leaves exactly one pending assessment when several of one key arrive at once', async () => {
    const posted = await Promise.all(
      Array.from({ length: 6 }, () => t.as('board').post('/api/v1/assessments').send(qpAssessment('06D')).expect(202)),
    );
    const ids = posted.map((r) => r.body.id as string);
    const settled = await eventually(
      async () => {
        const rows = await t.prisma.assessment.findMany({ where: { id: { in: ids } }, select: { status: true } });
        return rows.every((r) => r.status === 'awaiting_review' || r.status === 'superseded') ? rows : undefined;
      },
      20000,
      'assessments settled',
    );
    expect(settled.filter((r) => r.status === 'awaiting_review')).toHaveLength(1);
    expect(await t.prisma.decision.count({ where: { assessmentId: { in: ids }, status: 'proposed' } })).toBe(1);
  });
});
