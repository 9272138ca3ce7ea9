// Authorisation through the one pipeline: an application becomes a proposed decision with its
// conditions; confirming it records them; scheduled reviews come due; review findings remove,
// reschedule or escalate conditions, and full authorisation follows when none remain.
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REVIEW_DUE_QUEUE, reviewDueJobId } from '../../src/authorisation/review-due.job.js';
import { ReviewScheduleService } from '../../src/authorisation/review-schedule.service.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';

const catalogue = JSON.parse(readFileSync(join(__dirname, '../../rules/authorisation/criteria.catalogue.json'), 'utf8')) as {
  criteria: { id: string }[];
};

function applicationFacts(unmet: Record<string, string>, assessedOn = '2013-01-30') {
  const criteria: Record<string, unknown> = {};
  for (const c of catalogue.criteria)
    criteria[c.id] = unmet[c.id] ? { met: false, gap: unmet[c.id], note: `Panel finding on ${c.id}` } : { met: true };
  return { assessedOn, criteria };
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { AUTHORISATION_REVIEW_SWEEP_MS: 0 } });
});
afterAll(async () => {
  await t?.close();
});

const submitAndWait = (body: object) => t.submitAndWait(body, 'panel');

const counts = async () => ({
  assessments: await t.prisma.assessment.count(),
  audit: await t.prisma.auditEvent.count(),
  conditions: await t.prisma.authorisationCondition.count(),
});

describe('authorisation applications', () => {
  it('refuses bad facts with 422 naming the criterion, and writes nothing', async () => {
    const before = await counts();
    const unknown = applicationFacts({});
    unknown.criteria['7.3'] = { met: true };
    delete unknown.criteria['2.15'];
    const res = await t
      .as('panel')
      .post('/api/v1/assessments')
      .send({ family: 'authorisation', subject: '02N', period: '2013-W2', facts: unknown })
      .expect(422);
    expect(res.body.issues.map((i: { field: string }) => i.field).sort()).toEqual(['facts.criteria.2.15', 'facts.criteria.7.3']);
    const gap = await t
      .as('panel')
      .post('/api/v1/assessments')
      .send({ family: 'authorisation', subject: '02N', period: '2013-W2', facts: applicationFacts({ '3.3': 'bad-luck' }) })
      .expect(422);
    expect(gap.body.issues).toEqual([expect.objectContaining({ field: 'facts.criteria.3.3.gap', message: expect.stringContaining('bad-luck') })]);
    await t
      .as('panel')
      .post('/api/v1/assessments')
      .send({ family: 'authorisation', subject: '02N', period: '2013-W7', facts: applicationFacts({}) })
      .expect(422);
    expect(await counts()).toEqual(before);
  });

  it('proposes conditions with level, action and due date, letters them, and records them once confirmed', async () => {
    const assessment = await submitAndWait({
      family: 'authorisation',
      subject: '02N',
      period: '2013-W2',
      facts: applicationFacts({ '3.2': 'missing-evidence', '4.9': 'decision-risk', '5.1': 'capacity-gap' }),
    });
    const decisionId: string = assessment.decisions[0].id;
    const decision = await t.as('board').get(`/api/v1/decisions/${decisionId}`).expect(200);
    expect(JSON.stringify(decision.body)).toContain('authorised-with-conditions-and-directions');

    const letter = await t.as('board').get(`/api/v1/decisions/${decisionId}/document`).expect(200);
    expect(letter.text.match(/<tr class="condition">/g)).toHaveLength(3);
    for (const text of [
      '3.2',
      'Level 1',
      '2013-04-30',
      '4.9',
      'Level 3',
      '2013-07-30',
      '5.1',
      'Level 4',
      'section 14Z21',
      'Path to full authorisation',
    ]) {
      expect(letter.text).toContain(text);
    }

    await t.as('board').post(`/api/v1/decisions/${decisionId}/confirm`).send({}).expect(200);
    const conditions = await t.as('auditor').get('/api/v1/ccgs/02N/conditions').expect(200);
    expect(
      conditions.body.items.map(
        (c: { criterion: string; level: number; status: string; dueDate: string }) => `${c.criterion}@${c.level}:${c.status}:${c.dueDate}`,
      ),
    ).toEqual(['3.2@1:open:2013-04-30', '4.9@3:open:2013-07-30', '5.1@4:open:2013-04-30']);
    const status = await t.as('auditor').get('/api/v1/authorisation/status/02N').expect(200);
    expect(status.body).toMatchObject({
      status: 'authorised-with-conditions-and-directions',
      openConditions: 3,
      underDirections: true,
      nextDueDate: '2013-04-30',
    });
    // The register's view of the CCG carries the same status.
    const ccg = await t.as('auditor').get('/api/v1/ccgs/02N').expect(200);
    expect(ccg.body.status.authorisation).toMatchObject({ status: 'authorised-with-conditions-and-directions', openConditions: 3 });
    const audit = await t.as('auditor').get('/api/v1/audit?action=authorisation.condition.opened').expect(200);
    expect(audit.body.items).toHaveLength(3);
    await t.as('auditor').get('/api/v1/ccgs/ZZZ/conditions').expect(404);
  });

  it('a delayed job puts each condition in the review-due queue at its due date, and survives losing Redis', async () => {
    const schedule = t.app.get(ReviewScheduleService, { strict: false });
    const queue = t.app.get<Queue>(getQueueToken(REVIEW_DUE_QUEUE), { strict: false });
    const [first] = await t.prisma.authorisationCondition.findMany({ where: { odsCode: '02N', criterion: '3.2' } });
    // As if the clock stood 1.5 s before 30 April 2013: a short delay, then due.
    const dueAt = Date.parse('2013-04-30T00:00:00Z');
    expect(await schedule.sweep(dueAt - 1500)).toBe(3);
    const job = await queue.getJob(reviewDueJobId(first.id, '2013-04-30'));
    expect(await job?.getState()).toBe('delayed');
    await t
      .as('board')
      .get('/api/v1/authorisation/reviews-due')
      .expect(200)
      .then((r) => expect(r.body.items).toEqual([]));
    const due = await eventually(
      async () => {
        const r = await t.as('board').get('/api/v1/authorisation/reviews-due').expect(200);
        return r.body.items.length === 2 ? r.body.items : undefined;
      },
      10000,
      'two reviews due on 30 April 2013',
    );
    expect(due.map((d: { criterion: string }) => d.criterion).sort()).toEqual(['3.2', '5.1']);
    expect((await t.as('auditor').get('/api/v1/audit?action=authorisation.review.due').expect(200)).body.items).toHaveLength(2);

    // 4.9 is due on 30 July 2013, three months after that clock: still delayed when Redis loses everything.
    const [later] = await t.prisma.authorisationCondition.findMany({ where: { odsCode: '02N', criterion: '4.9' } });
    expect(await (await queue.getJob(reviewDueJobId(later.id, '2013-07-30')))?.getState()).toBe('delayed');
    await queue.obliterate({ force: true });
    const databaseUrl = t.config.DATABASE_URL;
    await t.app.close();
    // A worker starts again: the schedule is rebuilt from the database, and 4.9 (long past due by the real clock) comes due.
    t = await startTestApp({ databaseUrl });
    await eventually(
      async () => {
        const r = await t.as('board').get('/api/v1/authorisation/reviews-due').expect(200);
        return r.body.items.length === 3 ? r.body.items : undefined;
      },
      10000,
      'the rebuilt job for 4.9',
    );
    expect((await t.as('auditor').get('/api/v1/audit?action=authorisation.review.due').expect(200)).body.items).toHaveLength(3);
  });

  it('reviews: a finding for every open condition is required; nothing is written otherwise', async () => {
    const before = await counts();
    const open = await t.prisma.authorisationCondition.findMany({ where: { odsCode: '02N', status: 'open' }, orderBy: { criterion: 'asc' } });
    const res = await t
      .as('panel')
      .post('/api/v1/assessments')
      .send({
        family: 'authorisation-review',
        subject: '02N',
        period: '2013-07',
        facts: { reviewedOn: '2013-07-31', conditions: { [open[0].id]: { status: 'discharged', evidence: 'Toolkit adopted' } } },
      })
      .expect(422);
    expect(res.body.issues.map((i: { field: string }) => i.field).sort()).toEqual(
      [`facts.conditions.${open[1].id}`, `facts.conditions.${open[2].id}`].sort(),
    );
    expect(await counts()).toEqual(before);
  });

  it('reviews: discharged → removed, not progressing past due → escalated into directions, then full authorisation', async () => {
    const [c32, c49, c51] = await t.prisma.authorisationCondition.findMany({
      where: { odsCode: '02N', status: 'open' },
      orderBy: { criterion: 'asc' },
    });
    const first = await submitAndWait({
      family: 'authorisation-review',
      subject: '02N',
      period: '2013-07',
      facts: {
        reviewedOn: '2013-07-31',
        conditions: {
          [c32.id]: { status: 'discharged', evidence: 'Toolkit adopted by the governing body' },
          [c49.id]: { status: 'not-progressing', evidence: 'Register still not kept' },
          [c51.id]: { status: 'discharged', evidence: 'Support team has finished its work' },
        },
      },
    });
    await t.as('board').post(`/api/v1/decisions/${first.decisions[0].id}/confirm`).send({}).expect(200);
    const after = await t.as('auditor').get('/api/v1/ccgs/02N/conditions').expect(200);
    expect(
      after.body.items.map(
        (c: { criterion: string; level: number; status: string; dueDate: string }) => `${c.criterion}@${c.level}:${c.status}:${c.dueDate}`,
      ),
    ).toEqual(['3.2@1:discharged:2013-04-30', '4.9@4:open:2013-10-31', '5.1@4:discharged:2013-04-30']);
    expect((await t.as('board').get('/api/v1/authorisation/reviews-due').expect(200)).body.items).toEqual([]);
    const escalated = await t.as('auditor').get(`/api/v1/audit?entityId=${c49.id}`).expect(200);
    expect(escalated.body.items.map((e: { action: string }) => e.action)).toEqual([
      'authorisation.condition.opened',
      'authorisation.review.due',
      'authorisation.condition.escalated',
    ]);

    const second = await submitAndWait({
      family: 'authorisation-review',
      subject: '02N',
      period: '2013-10',
      facts: { reviewedOn: '2013-10-15', conditions: { [c49.id]: { status: 'discharged', evidence: 'Conflicts register kept and published' } } },
    });
    const letter = await t.as('board').get(`/api/v1/decisions/${second.decisions[0].id}/document`).expect(200);
    expect(letter.text).toContain('Full authorisation');
    await t.as('board').post(`/api/v1/decisions/${second.decisions[0].id}/confirm`).send({}).expect(200);
    const status = await t.as('auditor').get('/api/v1/authorisation/status/02N').expect(200);
    expect(status.body).toMatchObject({
      status: 'authorised',
      openConditions: 0,
      underDirections: false,
      authorisation: { outcome: 'authorised-with-conditions-and-directions', fullyAuthorisedOn: '2013-10-15' },
    });
    const full = await t.as('auditor').get('/api/v1/audit?action=authorisation.fully-authorised').expect(200);
    expect(full.body.items.map((e: { entityId: string }) => e.entityId)).toEqual(['02N']);
    const summary = await t.as('auditor').get('/api/v1/authorisation/summary?asOf=2013-08-01').expect(200);
    expect(summary.body).toMatchObject({ ccgsDecided: 1, current: { withConditions: 1, underDirections: 1 }, openConditionsByLevel: { '4': 1 } });
    await t.as('auditor').get('/api/v1/authorisation/summary?asOf=2013-13-01').expect(400);
  });

  it('reviews: an improved condition steps down out of directions; a second review of the same condition is refused (409)', async () => {
    const application = await submitAndWait({
      family: 'authorisation',
      subject: '09C',
      period: '2013-W3',
      facts: applicationFacts({ '5.4': 'capacity-gap' }, '2013-02-27'),
    });
    await t.as('board').post(`/api/v1/decisions/${application.decisions[0].id}/confirm`).send({}).expect(200);
    const [c] = await t.prisma.authorisationCondition.findMany({ where: { odsCode: '09C' } });
    // Two reviews of one condition in two months (one month's review would supersede the other):
    // both assessed before either is issued, so the second is stale once the first is.
    const review = (status: string, reviewedOn: string) => ({
      family: 'authorisation-review',
      subject: '09C',
      period: reviewedOn.slice(0, 7),
      facts: { reviewedOn, conditions: { [c.id]: { status, evidence: 'Seen at the review meeting' } } },
    });
    const improved = await submitAndWait(review('improved', '2013-05-31'));
    const discharged = await submitAndWait(review('discharged', '2013-06-28'));
    await t.as('board').post(`/api/v1/decisions/${improved.decisions[0].id}/confirm`).send({}).expect(200);
    const after = await t.as('auditor').get('/api/v1/ccgs/09C/conditions').expect(200);
    expect(after.body.items[0]).toMatchObject({ level: 3, directions: false, status: 'open', dueDate: '2013-11-30' });
    expect(after.body.items[0].history.map((h: { kind: string; level: number }) => `${h.kind}@${h.level}`)).toEqual(['opened@4', 'de-escalated@3']);
    const before = await counts();
    await t.as('board').post(`/api/v1/decisions/${discharged.decisions[0].id}/confirm`).send({}).expect(409);
    expect(await counts()).toEqual(before);
    const status = await t.as('auditor').get('/api/v1/authorisation/status/09C').expect(200);
    expect(status.body).toMatchObject({ status: 'authorised-with-conditions', underDirections: false, openConditions: 1 });
  });
});
