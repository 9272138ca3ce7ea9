// The whole journey on real PostgreSQL and Redis: intake → worker → review queue → document →
// confirm / override → audit verify → replay.
import { startTestApp, type TestApp } from '../support/test-app.js';
import { qpAssessment, qpFacts } from '../support/qp-facts.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const submitAndWait = (body: object) => t.submitAndWait(body);

describe('Quality Premium through the pipeline', () => {
  it('evaluates, queues for review, confirms, renders and audits a payment (worked check 2)', async () => {
    const facts = qpFacts();
    (facts.measures as Record<string, unknown>).N2 = { emergencyAdmissionsChangePct: 0.8 };
    (facts.standards as Record<string, unknown>).ae4HoursPct = 93.1;
    const assessment = await submitAndWait(qpAssessment('00C', facts));
    const decisionId: string = assessment.decisions[0].id;

    const queue = await t.as('board').get('/api/v1/assessments?status=awaiting_review&family=quality-premium').expect(200);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(assessment.id);

    const evaluation = await t.as('auditor').get(`/api/v1/evaluations/${assessment.evaluations[0].id}`).expect(200);
    expect(evaluation.body.outcome).toMatchObject({
      eligible: true,
      maximumPence: 100_000_000,
      earnedFraction: 0.75,
      payableFraction: 0.5625,
      payablePence: 56_250_000,
      standardsMissed: [expect.anything()],
    });
    // Every condition of every rule is explained with its value, threshold and verdict.
    const n2 = evaluation.body.results.find((r: { event: { params: { measure?: string } } }) => r.event.params.measure === 'N2');
    expect(n2.result).toBe(false);
    expect(n2.conditions[0]).toMatchObject({ value: 0.8, result: false, thresholdValue: 0 });

    const proposed = await t.as('board').get(`/api/v1/decisions/${decisionId}/document`).expect(200);
    expect(proposed.headers['content-type']).toMatch(/text\/html/);
    expect(proposed.text).toContain('Proposed decision');
    expect(proposed.text).toContain('£562,500.00');

    const confirmed = await t.as('board').post(`/api/v1/decisions/${decisionId}/confirm`).send({ note: 'checked against returns' }).expect(200);
    expect(confirmed.body).toMatchObject({ status: 'issued', key: 'payable', overridden: false });
    const issued = await t.as('board').get(`/api/v1/decisions/${decisionId}/document`).expect(200);
    expect(issued.text).toContain('Issued');
    expect(issued.text).toContain('test-board');

    // A second review of an issued decision is refused and changes nothing.
    await t.as('board').post(`/api/v1/decisions/${decisionId}/confirm`).send({}).expect(409);

    const trail = await t.as('auditor').get(`/api/v1/audit?entityId=${assessment.id}`).expect(200);
    expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual([
      'assessment.created',
      'assessment.evaluating',
      'evaluation.completed',
    ]);
    const review = await t.as('auditor').get(`/api/v1/audit?entityId=${decisionId}`).expect(200);
    expect(review.body.items).toEqual([expect.objectContaining({ action: 'decision.confirmed', actor: 'test-board', actorRole: 'board' })]);

    const verify = await t.as('auditor').get('/api/v1/audit/verify').expect(200);
    expect(verify.body).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(verify.body.checked).toBeGreaterThan(5);
  });

  it('overrides with a reason, keeping the engine proposal beside it and escaping the reason', async () => {
    const assessment = await submitAndWait(qpAssessment('01A'));
    const decisionId: string = assessment.decisions[0].id;
    const noReason = await t
      .as('board')
      .post(`/api/v1/decisions/${decisionId}/override`)
      .send({ outcome: { payablePence: 1 } })
      .expect(422);
    expect(noReason.body.issues[0].field).toBe('reason');
    const tooMuch = await t
      .as('board')
      .post(`/api/v1/decisions/${decisionId}/override`)
      .send({ reason: 'more than the maximum', outcome: { payablePence: 100_000_001 } })
      .expect(422);
    expect(tooMuch.body.issues[0].field).toBe('outcome.payablePence');
    const reason = '<script>alert("x")</script> audit finding after year end';
    const res = await t
      .as('board')
      .post(`/api/v1/decisions/${decisionId}/override`)
      .send({ reason, outcome: { payablePence: 0 } })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'issued', key: 'not-payable', overridden: true });

    const decision = await t.as('auditor').get(`/api/v1/decisions/${decisionId}`).expect(200);
    expect(decision.body).toMatchObject({ proposedKey: 'payable', finalKey: 'not-payable', overrideReason: reason });
    expect(decision.body.proposedOutcome.payablePence).toBe(100_000_000);
    expect(decision.body.finalOutcome.payablePence).toBe(0);

    const doc = await t.as('board').get(`/api/v1/decisions/${decisionId}/document`).expect(200);
    expect(doc.text).not.toContain('<script>alert');
    expect(doc.text).toContain('&lt;script&gt;');
    expect(doc.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('replays an evaluation and answers "same"', async () => {
    const assessment = await submitAndWait(qpAssessment('02N'));
    const replay = await t.as('auditor').post(`/api/v1/evaluations/${assessment.evaluations[0].id}/replay`).expect(200);
    expect(replay.body).toMatchObject({ identical: true, verdict: 'same', differences: [] });
    expect(replay.body.replayed).toEqual(replay.body.stored);
  });

  it('refuses a confirm by an auditor and leaves the decision proposed', async () => {
    const assessment = await submitAndWait(qpAssessment('03V'));
    const decisionId: string = assessment.decisions[0].id;
    const res = await t.as('auditor').post(`/api/v1/decisions/${decisionId}/confirm`).send({}).expect(403);
    expect(res.body.message).toContain('auditor');
    const decision = await t.as('board').get(`/api/v1/decisions/${decisionId}`).expect(200);
    expect(decision.body.status).toBe('proposed');
  });

  it('uses the register population when the facts carry none, and says so', async () => {
    const facts = qpFacts();
    delete facts.population;
    const assessment = await submitAndWait(qpAssessment('00C', facts));
    const evaluation = await t.as('board').get(`/api/v1/evaluations/${assessment.evaluations[0].id}`).expect(200);
    const ccg = await t.prisma.ccg.findUniqueOrThrow({ where: { odsCode: '00C' } });
    expect(evaluation.body.outcome.population).toBe(ccg.registeredPop2013);
    expect(evaluation.body.outcome.populationSource).toMatch(/register/i);
  });
});
