// One current decision per (family, subject, period): a newer assessment supersedes a pending
// proposal; issuing over a decision that stands is refused unless it is an amendment naming it.
import { randomUUID } from 'node:crypto';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { qpAssessment, qpFacts } from '../support/qp-facts.js';
import { lockKeys } from '../../src/decisions/current-decision.js';
import { gate, waitingOnLock } from '../support/lock-waits.js';

describe('one current decision per family, subject and period', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** Whether another session holds a row lock that blocks a `FOR UPDATE NOWAIT` on the assessment. */
  const lockedRow = async (id: string) => {
    try {
      await t.prisma.$transaction((tx) => tx.$queryRawUnsafe(`SELECT 1 FROM assessments WHERE id = $1::uuid FOR UPDATE NOWAIT`, id));
      return false;
    } catch {
      return true;
    }
  };
  /** Whether a statement containing `text` is waiting on a lock. */
  const waitingOn = (text: string) => waitingOnLock(t.prisma, text);

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
    const superseded = await t.as('board').get('/api/v1/assessments?status=superseded&subject=05A').expect(200);
    expect(superseded.body.items.map((i: { id: string }) => i.id)).toEqual([first.id]);
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

  it('answers a confirm that waited while its proposal was superseded with SUPERSEDED, and issues nothing', async () => {
    const proposal = (await t.submitAndWait(qpAssessment('06Y'))).decisions[0].id;
    const key = { family: 'quality-premium', subject: '06Y', period: '2013/14' };
    const { opened: held, open: release } = gate();
    // An intake of the same key holds the key's lock while the reviewer confirms.
    const intake = t.prisma.$transaction(
      async (tx) => {
        await lockKeys(tx, [key]);
        await held;
        await tx.decision.update({ where: { id: proposal }, data: { status: 'superseded' } });
      },
      { timeout: 20_000 },
    );
    const confirm = t
      .as('board')
      .post(`/api/v1/decisions/${proposal}/confirm`)
      .send({})
      .then((r) => r);
    await eventually(() => waitingOn('pg_advisory_xact_lock'), 10_000, 'the confirm waiting on the key');
    release();
    await intake;
    const res = await confirm;
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('SUPERSEDED');
    expect(await decisionOf(proposal)).toMatchObject({ status: 'superseded' });
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

  it('supersedes a proposal whose evaluation commits while the newer assessment is being written', async () => {
    // The worker's save and intake's superseding meet on the older assessment's row: the save
    // holds it (its proposal written, not yet committed) while intake waits for it. A proposal
    // that commits during intake's wait must still be superseded, not left current beside the new one.
    const queue = t.queue();
    await queue.pause();
    try {
      const older = (await t.as('board').post('/api/v1/assessments').send(qpAssessment('06W')).expect(202)).body.id as string;
      const ruleSet = await t.prisma.ruleSetVersion.findFirstOrThrow({ where: { family: 'quality-premium' } });
      const proposal = randomUUID();
      const { opened: held, open: release } = gate();
      const save = t.prisma.$transaction(
        async (tx) => {
          // What the worker's save writes, in one transaction that stays open until released.
          await tx.assessment.update({ where: { id: older }, data: { status: 'awaiting_review' } });
          const evaluation = await tx.evaluation.create({
            data: { id: randomUUID(), assessmentId: older, ruleSetHash: ruleSet.hash, facts: {}, results: [], outcome: {}, outcomeKey: 'payable' },
          });
          await tx.decision.create({
            data: {
              id: proposal,
              assessmentId: older,
              evaluationId: evaluation.id,
              proposedKey: 'payable',
              proposedOutcome: {},
              template: 'quality-premium',
            },
          });
          await held;
        },
        { timeout: 20_000 },
      );
      // Wait until the save holds the row, then submit the newer assessment: it waits on the row.
      await eventually(() => lockedRow(older), 10_000, 'the save holding the row');
      const newer = t
        .as('board')
        .post('/api/v1/assessments')
        .send(qpAssessment('06W'))
        .expect(202)
        .then((r) => r);
      await eventually(() => waitingOn(`status = 'superseded'`), 10_000, 'intake waiting on the older row');
      release();
      await save;
      await newer;

      expect((await t.prisma.assessment.findUniqueOrThrow({ where: { id: older } })).status).toBe('superseded');
      expect((await t.prisma.decision.findUniqueOrThrow({ where: { id: proposal } })).status).toBe('superseded');
      const event = await t.prisma.auditEvent.findFirstOrThrow({ where: { entityId: older, action: 'assessment.superseded' } });
      expect(event.payload).toMatchObject({ proposalSuperseded: proposal });
    } finally {
      await queue.resume();
    }
  });

  it('leaves exactly one pending assessment, and one proposal, when several of one key arrive at once', async () => {
    // Several keys, several submissions each, all at once: a save of an older assessment commits
    // while a newer one supersedes it, which is when a proposal could be left behind.
    const subjects = ['06D', '06F', '06H', '06K', '06L', '06M', '06N', '06P'];
    const posted = await Promise.all(
      subjects.flatMap((subject) =>
        Array.from({ length: 6 }, () => t.as('board').post('/api/v1/assessments').send(qpAssessment(subject)).expect(202)),
      ),
    );
    const ids = posted.map((r) => r.body.id as string);
    const settled = await eventually(
      async () => {
        const rows = await t.prisma.assessment.findMany({ where: { id: { in: ids } }, select: { subject: true, status: true } });
        return rows.every((r) => r.status === 'awaiting_review' || r.status === 'superseded') ? rows : undefined;
      },
      30000,
      'assessments settled',
    );
    for (const subject of subjects) {
      expect({ subject, pending: settled.filter((r) => r.subject === subject && r.status === 'awaiting_review').length }).toEqual({
        subject,
        pending: 1,
      });
    }
    const proposals = await t.prisma.decision.findMany({
      where: { assessmentId: { in: ids }, status: 'proposed' },
      select: { id: true, assessment: { select: { subject: true, status: true } } },
    });
    expect(proposals.map((p) => p.assessment)).toEqual(expect.arrayContaining(subjects.map((subject) => ({ subject, status: 'awaiting_review' }))));
    expect(proposals).toHaveLength(subjects.length);
  });
});
