// A sweep leaves alone what is already assessed, even an assessment submitted by hand while the
// sweep was being requested: intake checks the key under its lock, not the sweep before it. The
// race is reproduced deterministically: the hand submission's transaction holds the key's lock,
// its assessment written but not committed, while the sweep request waits on that lock.
import { randomUUID } from 'node:crypto';
import { lockKeys } from '../../src/decisions/current-decision.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { gate, waitingOnLock as waitingOnLockIn } from '../support/lock-waits.js';

const QUARTER = '2013-Q3';
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** Whether a statement of another session of this database is waiting on a lock. */
const waitingOnLock = () => waitingOnLockIn(t.prisma);

it('a subject assessed by hand while the sweep is requested is reported already assessed, and not superseded', async () => {
  // One lone barrier triaged national: the sweep's one subject.
  const ref = (
    await t
      .as('board')
      .post('/api/v1/barriers')
      .send({
        ccg: '02N',
        objectives: [14],
        actionArea: 'information-sharing-technology',
        stopsLocally: 'GP and hospital systems cannot share the care record.',
        nationalBodies: ['nhs-commissioning-board'],
        raisedOn: '2013-07-01',
      })
      .expect(201)
  ).body.ref as string;
  await t
    .as('board')
    .post(`/api/v1/barriers/${ref}/triage`)
    .send({ triage: 'national', reason: 'Set nationally.', owner: 'Director of Commissioning Development', responseDue: '2013-08-01' })
    .expect(200);

  // A hand submission of the subject for the quarter: written under the key's lock, held open.
  const key = { family: 'barrier-escalation', subject: ref, period: QUARTER };
  const byHand = randomUUID();
  const { opened: held, open: release } = gate();
  const { opened: written, open: wrote } = gate();
  const submission = t.prisma.$transaction(
    async (tx) => {
      await lockKeys(tx, [key]);
      await tx.assessment.create({ data: { id: byHand, ...key, facts: { asOf: '2013-12-31' }, createdBy: 'test-board' } });
      wrote();
      await held;
    },
    { timeout: 20_000 },
  );
  await Promise.race([written, submission]);

  // The sweep request reads no assessment of the subject (uncommitted), then meets the key's lock.
  const request = t
    .as('board')
    .post('/api/v1/barriers/sweeps')
    .send({ quarter: QUARTER })
    .then((r) => r);
  await eventually(waitingOnLock, 10_000, 'the sweep request waiting on the key');
  release();
  await submission;
  const res = await request;

  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ subjects: [ref], submitted: [], alreadyAssessed: [ref], refused: [] });
  expect(await t.prisma.assessment.findMany({ where: key, select: { id: true } })).toEqual([{ id: byHand }]);
  expect(await t.prisma.auditEvent.count({ where: { entityId: byHand, action: 'assessment.superseded' } })).toBe(0);

  // The sweep evaluates the hand submission, as anything of the quarter still pending.
  const sweep = await eventually(
    async () => {
      const s = (await t.as('auditor').get(`/api/v1/barriers/sweeps/${res.body.id}`).expect(200)).body;
      return s.status === 'completed' || s.status === 'failed' ? s : undefined;
    },
    60_000,
    'the sweep',
  );
  expect(sweep).toMatchObject({ status: 'completed', report: { subjects: 1, submitted: 0, alreadyAssessed: 1, awaitingReview: 1 } });
  expect(await t.prisma.assessment.findUniqueOrThrow({ where: { id: byHand } })).toMatchObject({ status: 'awaiting_review' });
});
