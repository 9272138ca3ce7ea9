// One CCG's conditions are changed by decisions of several keys (a wave, a review month) and by
// reviews coming due: each of these reads the conditions under the CCG's lock, so two issued at
// once cannot overwrite each other. Each race is reproduced deterministically: one issue is held
// open (its hook run, its transaction not committed) while the other starts and waits on a lock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Prisma } from '../../src/generated/prisma/client.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { isoDay } from '../../src/authorisation/dates.js';
import { ReviewScheduleService } from '../../src/authorisation/review-schedule.service.js';
import { lockKeys } from '../../src/decisions/current-decision.js';
import { RulesService } from '../../src/rules/rules.service.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { gate, waitingOnLock as waitingOnLockIn } from '../support/lock-waits.js';

const catalogue = JSON.parse(readFileSync(join(__dirname, '../../rules/authorisation/criteria.catalogue.json'), 'utf8')) as {
  criteria: { id: string }[];
};

function application(subject: string, period: string, assessedOn: string, unmet: Record<string, string>) {
  const criteria: Record<string, unknown> = {};
  for (const c of catalogue.criteria)
    criteria[c.id] = unmet[c.id] ? { met: false, gap: unmet[c.id], note: `Panel finding on ${c.id}` } : { met: true };
  return { family: 'authorisation', subject, period, facts: { assessedOn, criteria } };
}

function review(subject: string, reviewedOn: string, findings: Record<string, string>) {
  const conditions = Object.fromEntries(Object.entries(findings).map(([id, status]) => [id, { status, evidence: 'Seen at the review meeting' }]));
  return { family: 'authorisation-review', subject, period: reviewedOn.slice(0, 7), facts: { reviewedOn, conditions } };
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { AUTHORISATION_REVIEW_SWEEP_MS: 0 } });
});
afterAll(async () => {
  await t?.close();
});

/** The proposed decision of an assessment submitted now and evaluated. */
const propose = async (body: object): Promise<string> => (await t.submitAndWait(body, 'panel')).decisions[0].id;
const confirm = (decisionId: string) =>
  t
    .as('board')
    .post(`/api/v1/decisions/${decisionId}/confirm`)
    .send({})
    .then((r) => r);

/** Whether a statement of another session of this database is waiting on a lock. */
const waitingOnLock = () => waitingOnLockIn(t.prisma);

/**
 * Issues a proposed decision as ReviewService.issue does (the key's lock, the decision issued, the
 * family's hook), in a transaction left open until `release()`: `ran` resolves once the hook has
 * written, `done` once the transaction has committed.
 */
async function issueHeld(decisionId: string) {
  const decision = await t.prisma.decision.findUniqueOrThrow({ where: { id: decisionId }, include: { assessment: true } });
  const family = t.app.get(RulesService, { strict: false }).family(decision.assessment.family);
  const audit = t.app.get(AuditService, { strict: false });
  const actor = { name: 'held-reviewer', role: 'board' as const };
  const { opened: held, open: release } = gate();
  let ran!: () => void;
  const hookRan = new Promise<void>((resolve) => (ran = resolve));
  const done = t.prisma.$transaction(
    async (tx) => {
      await lockKeys(tx, [decision.assessment]);
      await tx.decision.update({
        where: { id: decisionId },
        data: {
          status: 'issued',
          finalKey: decision.proposedKey,
          finalOutcome: decision.proposedOutcome as Prisma.InputJsonValue,
          reviewedBy: actor.name,
          reviewedAt: new Date(),
        },
      });
      await tx.assessment.update({ where: { id: decision.assessmentId }, data: { status: 'decided' } });
      await family.onIssued!(
        {
          decisionId,
          assessmentId: decision.assessmentId,
          evaluationId: decision.evaluationId,
          subject: decision.assessment.subject,
          period: decision.assessment.period,
          key: decision.proposedKey,
          outcome: decision.proposedOutcome as Record<string, unknown>,
          overridden: false,
          issuedAt: new Date(),
        },
        tx,
        audit,
        actor,
      );
      ran();
      await held;
    },
    { timeout: 20_000 },
  );
  // A failure before the hook ran would otherwise leave `hookRan` pending.
  await Promise.race([hookRan, done]);
  return { release, done };
}

const conditionsOf = (odsCode: string) => t.prisma.authorisationCondition.findMany({ where: { odsCode }, orderBy: { criterion: 'asc' } });

describe('issuing decisions on one CCG at once', () => {
  it('two reviews of different months: the second waits, finds the condition discharged, and is refused', async () => {
    await confirm(await propose(application('02N', '2013-W3', '2013-02-27', { '5.4': 'capacity-gap' }))).then((r) => expect(r.status).toBe(200));
    const [c] = await conditionsOf('02N');
    const discharge = await propose(review('02N', '2013-05-31', { [c.id]: 'discharged' }));
    const improve = await propose(review('02N', '2013-06-28', { [c.id]: 'improved' }));

    const first = await issueHeld(discharge);
    const second = confirm(improve);
    await eventually(waitingOnLock, 10_000, 'the second review waiting on a lock');
    first.release();
    await first.done;
    const res = await second;

    expect({ status: res.status, error: res.body.error }).toEqual({ status: 409, error: 'CHANGED_MEANWHILE' });
    expect(await t.prisma.authorisationCondition.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: 'discharged', level: 4 });
    expect((await t.prisma.ccgAuthorisation.findUniqueOrThrow({ where: { odsCode: '02N' } })).fullyAuthorisedOn).not.toBeNull();
    expect(await t.prisma.decision.findUniqueOrThrow({ where: { id: improve } })).toMatchObject({ status: 'proposed' });
  });

  it('a review and a re-decision: the review waits, finds its condition superseded, and is refused', async () => {
    await confirm(await propose(application('09C', '2013-W2', '2013-01-30', { '5.4': 'capacity-gap' }))).then((r) => expect(r.status).toBe(200));
    const [c] = await conditionsOf('09C');
    const improve = await propose(review('09C', '2013-02-28', { [c.id]: 'improved' }));
    const redecision = await propose(application('09C', '2013-W3', '2013-02-27', { '3.2': 'missing-evidence' }));

    const first = await issueHeld(redecision);
    const second = confirm(improve);
    await eventually(waitingOnLock, 10_000, 'the review waiting on a lock');
    first.release();
    await first.done;
    const res = await second;

    expect({ status: res.status, error: res.body.error }).toEqual({ status: 409, error: 'CHANGED_MEANWHILE' });
    const after = await conditionsOf('09C');
    expect(after.map((x) => `${x.criterion}@${x.level}:${x.status}`)).toEqual(['3.2@1:open', '5.4@4:superseded']);
  });

  it('two waves decided at once: the later issue supersedes the conditions of the earlier', async () => {
    const w2 = await propose(application('10Y', '2013-W2', '2013-01-30', { '3.2': 'missing-evidence' }));
    const w3 = await propose(application('10Y', '2013-W3', '2013-02-27', { '5.4': 'capacity-gap' }));

    const first = await issueHeld(w2);
    const second = confirm(w3);
    await eventually(waitingOnLock, 10_000, 'the second wave waiting on a lock');
    first.release();
    await first.done;
    const res = await second;

    expect(res.status).toBe(200);
    const after = await conditionsOf('10Y');
    expect(after.map((x) => `${x.criterion}:${x.status}`)).toEqual(['3.2:superseded', '5.4:open']);
    expect(await t.prisma.ccgAuthorisation.findUniqueOrThrow({ where: { odsCode: '10Y' } })).toMatchObject({ period: '2013-W3', decisionId: w3 });
  });

  it('a review coming due while a review discharging its condition is issued: nothing is put in the queue', async () => {
    await confirm(await propose(application('07L', '2013-W2', '2013-01-30', { '3.2': 'missing-evidence' }))).then((r) => expect(r.status).toBe(200));
    const [c] = await conditionsOf('07L');
    const discharge = await propose(review('07L', '2013-04-30', { [c.id]: 'discharged' }));
    const schedule = t.app.get(ReviewScheduleService, { strict: false });

    const first = await issueHeld(discharge);
    let settled = false;
    const marking = schedule.markDue({ conditionId: c.id, odsCode: '07L', dueDate: isoDay(c.dueDate) }).finally(() => (settled = true));
    // Without the CCG's lock the job does not wait at all: it reads the condition as still open.
    await eventually(async () => settled || (await waitingOnLock()), 10_000, 'the job waiting on a lock, or done');
    first.release();
    await first.done;

    expect(await marking).toBe('stale');
    expect(await t.prisma.authorisationReviewDue.count({ where: { conditionId: c.id } })).toBe(0);
    expect(await t.prisma.authorisationCondition.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: 'discharged' });
  });
});
