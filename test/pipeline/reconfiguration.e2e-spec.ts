// Reconfiguration proposals on real PostgreSQL and Redis: intake with evidence checks, the
// engine's assurance per test, the panel's judgements, issue through the shared review, the
// stage 2 assurance report, resubmission and the proposal's timeline.
import { runReconfigurationSamples } from '../../src/demo/reconfiguration/samples.js';
import { strokeProposalFacts } from '../support/reconfiguration-facts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form JSON: these tests build malformed facts on purpose and read untyped response bodies
type Json = Record<string, any>;
/** The Sussex stroke proposal: every test met, one priority check (travel time) not met. */
const strokeFacts = (): Json => strokeProposalFacts();
const proposal = (subject: string, period: string, facts: Json) => ({ family: 'reconfiguration', subject, period, facts });

const submitAndWait = async (body: object, role: 'board' | 'panel' = 'board') => (await t.submitAndWait(body, role)) as Json;

async function counts() {
  return {
    assessments: await t.prisma.assessment.count(),
    audit: await t.prisma.auditEvent.count(),
    judgements: await t.prisma.reconfigurationJudgement.count(),
  };
}

describe('reconfiguration intake', () => {
  it('malformed evidence is a 422 naming the field, and nothing is written', async () => {
    const before = await counts();
    const facts = strokeFacts();
    facts.engagement.consultationWeeks = 'twelve';
    const res = await t
      .as('board')
      .post('/api/v1/assessments')
      .send(proposal('RCF-2016-901', '2016-09-15', facts))
      .expect(422);
    expect(res.body.issues).toEqual([expect.objectContaining({ field: 'facts.engagement.consultationWeeks' })]);
    expect(await counts()).toEqual(before);
  });

  it('a CCG code that is not in the register is a 422 naming its index', async () => {
    const before = await counts();
    const facts = strokeFacts();
    facts.affectedCcgs = ['09D', '09X', '98Z'];
    facts.commissionerSupport = facts.commissionerSupport.filter((r: Json) => r.ccg !== '99K');
    const res = await t
      .as('board')
      .post('/api/v1/assessments')
      .send(proposal('RCF-2016-902', '2016-09-15', facts))
      .expect(422);
    expect(res.body.issues).toEqual([expect.objectContaining({ field: 'facts.affectedCcgs.2', message: expect.stringContaining('98Z') })]);
    expect(await counts()).toEqual(before);
  });

  it('a subject that is not a proposal reference, or a period that is not a date, is named', async () => {
    const bad = await t
      .as('board')
      .post('/api/v1/assessments')
      .send(proposal('stroke please', '2016-09-15', strokeFacts()))
      .expect(422);
    expect(bad.body.issues).toEqual([expect.objectContaining({ field: 'subject' })]);
    const period = await t
      .as('board')
      .post('/api/v1/assessments')
      .send(proposal('RCF-2016-903', '2016/17', strokeFacts()))
      .expect(422);
    expect(period.body.issues).toEqual([expect.objectContaining({ field: 'period' })]);
  });

  it('an assurance date still to come, or a resolution dated after the assurance, is named and writes nothing', async () => {
    const before = await counts();
    const future = await t
      .as('board')
      .post('/api/v1/assessments')
      .send(proposal('RCF-2016-904', '9999-12-31', strokeFacts()))
      .expect(422);
    expect(future.body.issues).toEqual([expect.objectContaining({ field: 'period', message: expect.stringContaining('after today') })]);
    const facts = strokeFacts();
    facts.commissionerSupport[1].resolutionDate = '2016-09-20';
    const late = await t
      .as('board')
      .post('/api/v1/assessments')
      .send(proposal('RCF-2016-905', '2016-09-15', facts))
      .expect(422);
    expect(late.body.issues).toEqual([expect.objectContaining({ field: 'facts.commissionerSupport.1.resolutionDate' })]);
    expect(await counts()).toEqual(before);
  });
});

describe('a proposal through assurance', () => {
  const ref = 'RCF-2016-101';
  let assessment: Json;
  let decisionId: string;

  it('missing evidence gives "insufficient evidence" for its test, with facts, thresholds and citations', async () => {
    const facts = strokeFacts();
    delete facts.clinicalEvidence.senateReview;
    assessment = await submitAndWait(proposal(ref, '2016-09-15', facts), 'panel');
    decisionId = assessment.decisions[0].id;
    const evaluation = await t.as('auditor').get(`/api/v1/evaluations/${assessment.evaluations[0].id}`).expect(200);
    const o = evaluation.body.outcome;
    expect(o.assurance).toBe('more-evidence-needed');
    expect(o.tests.map((x: Json) => [x.id, x.result])).toEqual([
      ['T1', 'met'],
      ['T2', 'met'],
      ['T3', 'insufficient-evidence'],
      ['T4', 'met'],
      ['P1', 'not-met'],
      ['P2', 'met'],
    ]);
    const t3 = o.tests.find((x: Json) => x.id === 'T3');
    expect(t3.missing).toEqual(['clinicalEvidence.senateReview']);
    expect(t3.citation).toContain('objective 20');
    const p1 = o.tests.find((x: Json) => x.id === 'P1');
    expect(p1.checks).toContainEqual(
      expect.objectContaining({
        fact: 'outcomesAndAccess.maxTravelTimeIncreaseMinutes',
        operator: 'lessThanInclusive',
        threshold: 30,
        value: 35,
        met: false,
      }),
    );
    expect(p1.reasons[0].citation).toContain('our default');
    expect(o.proposal.affectedCcgs).toContainEqual({ code: '09D', name: 'NHS Brighton & Hove CCG' });
  });

  it('the panel sees it in its queue', async () => {
    const queue = await t.as('panel').get('/api/v1/assessments?status=awaiting_review&family=reconfiguration').expect(200);
    expect(queue.body.items.map((i: Json) => i.id)).toContain(assessment.id);
    const list = await t.as('panel').get('/api/v1/proposals').expect(200);
    expect(list.body.items).toContainEqual(expect.objectContaining({ reference: ref }));
  });

  it('issue is refused without a judgement per test, by either route, and nothing changes', async () => {
    const before = await counts();
    const refused = await t.as('panel').post(`/api/v1/proposals/${ref}/issue`).send({}).expect(409);
    expect(refused.body.error).toBe('JUDGEMENTS_MISSING');
    expect(refused.body.issues.map((i: Json) => i.field)).toEqual([
      'judgements.T1',
      'judgements.T2',
      'judgements.T3',
      'judgements.T4',
      'judgements.P1',
      'judgements.P2',
    ]);
    // Board staff cannot confirm or override an assurance report: the panel issues it.
    const confirm = await t.as('board').post(`/api/v1/decisions/${decisionId}/confirm`).send({}).expect(409);
    expect(confirm.body).toMatchObject({ error: 'ISSUE_MODE', message: expect.stringContaining('a panel issues them') });
    // Not even with an override carrying panel results that were never recorded as judgements.
    const fake = (result: string) => ({
      judgements: [{ id: 'made-up', judgedBy: 'nobody', judgedAt: '2016-09-20T10:00:00.000Z', agrees: true, result, reason: null }],
    });
    const forged = { T1: fake('met'), T2: fake('met'), T3: fake('insufficient-evidence'), T4: fake('met'), P1: fake('not-met'), P2: fake('met') };
    const override = await t
      .as('board')
      .post(`/api/v1/decisions/${decisionId}/override`)
      .send({ reason: 'issuing without the panel', outcome: { tests: forged } })
      .expect(409);
    expect(override.body).toMatchObject({ error: 'ISSUE_MODE' });
    expect(await counts()).toEqual(before);
    const decision = await t.as('auditor').get(`/api/v1/decisions/${decisionId}`).expect(200);
    expect(decision.body.status).toBe('proposed');
  });

  it('judgements are checked: role, test, reason, a "different" result that is the same', async () => {
    const before = await counts();
    await t
      .as('board')
      .post(`/api/v1/proposals/${ref}/judgements`)
      .send({ judgements: [{ test: 'T1', agree: true }] })
      .expect(403);
    const noReason = await t
      .as('panel')
      .post(`/api/v1/proposals/${ref}/judgements`)
      .send({ judgements: [{ test: 'T3', agree: false, result: 'not-met' }] })
      .expect(422);
    expect(noReason.body.issues).toEqual([expect.objectContaining({ field: 'judgements.0.reason' })]);
    const same = await t
      .as('panel')
      .post(`/api/v1/proposals/${ref}/judgements`)
      .send({
        judgements: [
          { test: 'T1', agree: true },
          { test: 'T3', agree: false, result: 'insufficient-evidence', reason: 'the senate has not reported yet' },
        ],
      })
      .expect(422);
    expect(same.body.issues).toEqual([expect.objectContaining({ field: 'judgements.1.result' })]);
    const unknown = await t
      .as('panel')
      .post(`/api/v1/proposals/${ref}/judgements`)
      .send({ judgements: [{ test: 'T5', agree: true }] })
      .expect(422);
    expect(unknown.body.issues).toEqual([expect.objectContaining({ field: 'judgements.0.test' })]);
    await t
      .as('panel')
      .post('/api/v1/proposals/RCF-2016-999/judgements')
      .send({ judgements: [{ test: 'T1', agree: true }] })
      .expect(404);
    expect(await counts()).toEqual(before);
  });

  it('the panel judges every test, disagreeing on one; the report issues with both views kept', async () => {
    const first = await t
      .as('panel')
      .post(`/api/v1/proposals/${ref}/judgements`)
      .send({
        judgements: [
          { test: 'T1', agree: true },
          { test: 'T2', agree: true },
          { test: 'T4', agree: true },
        ],
      })
      .expect(201);
    expect(first.body.awaitingJudgement).toEqual(['T3', 'P1', 'P2']);
    await t.as('panel').post(`/api/v1/proposals/${ref}/issue`).send({}).expect(409);
    await t
      .as('panel')
      .post(`/api/v1/proposals/${ref}/judgements`)
      .send({
        judgements: [
          {
            test: 'T3',
            agree: false,
            result: 'met-with-actions',
            reason: 'The senate chair confirmed support at the panel; the written review must follow',
          },
          { test: 'P1', agree: true },
          { test: 'P2', agree: true },
        ],
      })
      .expect(201);
    // Met with actions needs an owner for the action.
    const noAction = await t.as('panel').post(`/api/v1/proposals/${ref}/issue`).send({}).expect(422);
    expect(noAction.body.issues).toEqual([expect.objectContaining({ field: 'actions', message: expect.stringContaining('T3') })]);

    const issued = await t
      .as('panel')
      .post(`/api/v1/proposals/${ref}/issue`)
      .send({
        note: 'Assured subject to the written senate review.',
        actions: [
          { test: 'T3', action: 'Publish the clinical senate written review', owner: 'Coastal West Sussex CCG' },
          { test: 'P1', action: 'Agree direct conveyance standards for rural patients', owner: 'South East Coast Ambulance Service' },
        ],
      })
      .expect(200);
    expect(issued.body).toMatchObject({ status: 'issued', key: 'assured-with-actions', differences: ['T3'] });

    const decision = await t.as('auditor').get(`/api/v1/decisions/${decisionId}`).expect(200);
    // Issued by the panel, departing from the rules on T3: that, and only that, is an override.
    expect(decision.body).toMatchObject({
      status: 'issued',
      proposedKey: 'more-evidence-needed',
      finalKey: 'assured-with-actions',
      reviewedBy: 'test-panel',
      overridden: true,
    });
    const issuedEvent = await t.prisma.auditEvent.findFirstOrThrow({ where: { entityId: decisionId, action: { startsWith: 'decision.' } } });
    expect(issuedEvent).toMatchObject({ action: 'decision.issued-by-panel', payload: expect.objectContaining({ departures: ['T3'] }) });
    // The engine's proposal is kept untouched beside the panel's outcome.
    const engineT3 = decision.body.proposedOutcome.tests.find((x: Json) => x.id === 'T3');
    expect(engineT3.result).toBe('insufficient-evidence');
    expect(engineT3.panel).toBeUndefined();
    const finalT3 = decision.body.finalOutcome.tests.find((x: Json) => x.id === 'T3');
    expect(finalT3).toMatchObject({ result: 'insufficient-evidence', panel: { result: 'met-with-actions', agrees: false } });
    expect(decision.body.finalOutcome.engineAssurance).toBe('more-evidence-needed');

    // Nothing more can be judged on an issued report.
    await t
      .as('panel')
      .post(`/api/v1/proposals/${ref}/judgements`)
      .send({ decisionId, judgements: [{ test: 'T1', agree: true }] })
      .expect(409);
  });

  it('the stage 2 report shows every test with evidence, both results, citation, actions and owners', async () => {
    const doc = await t.as('auditor').get(`/api/v1/decisions/${decisionId}/document`).expect(200);
    for (const title of [
      'Support for proposals from clinical commissioners',
      'Strong public and patient engagement',
      'A clear clinical evidence base',
      'Consistency with current and prospective need for patient choice',
      'improves outcomes while maintaining access',
      'fair playing field',
    ]) {
      expect(doc.text).toContain(title);
    }
    expect(doc.text).toContain('Stage 2 assurance report');
    expect(doc.text).toContain('Assured with actions');
    expect(doc.text).toContain('differs from the rules');
    expect(doc.text).toMatch(/<tr class="differs">\s*<th scope="row">T3:/);
    expect(doc.text).toContain('The senate chair confirmed support at the panel');
    expect(doc.text).toContain('clinicalEvidence.senateReview');
    expect(doc.text).toContain('Publish the clinical senate written review');
    expect(doc.text).toContain('South East Coast Ambulance Service');
    expect(doc.text).toContain('objective 20');
    expect(doc.text).toContain('NHS Horsham and Mid Sussex CCG');
  });

  it('a resubmission after 1 April 2017 joins the timeline and is assessed under the 2017 rules', async () => {
    const facts = strokeFacts();
    facts.bedClosures = { netBedsClosed: 24, plannedFrom: '2017-10-01', efficientBedUsePlan: true };
    const again = await submitAndWait(proposal(ref, '2017-04-03', facts));
    const evaluation = await t.as('auditor').get(`/api/v1/evaluations/${again.evaluations[0].id}`).expect(200);
    expect(evaluation.body.outcome.tests.map((x: Json) => x.id)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'P1', 'P2']);
    expect(evaluation.body.outcome.flags).toContainEqual(expect.objectContaining({ id: 'bed-closure-test-applies' }));

    // Replay needs no database beyond the stored evaluation: the register's names travel with it.
    const replay = await t.as('auditor').post(`/api/v1/evaluations/${assessment.evaluations[0].id}/replay`).expect(200);
    expect(replay.body).toMatchObject({ identical: true, verdict: 'same' });

    const timeline = await t.as('auditor').get(`/api/v1/proposals/${ref}`).expect(200);
    expect(timeline.body).toMatchObject({
      reference: ref,
      submissions: 2,
      current: { assessmentId: again.id, status: 'awaiting_review', issued: false },
    });
    expect(timeline.body.assessments.map((a: Json) => a.evaluations[0].ruleSet)).toEqual(['recon-2013@1.0.0', 'recon-2017@1.0.0']);
    const firstReport = timeline.body.assessments[0].reports[0];
    expect(firstReport).toMatchObject({
      status: 'issued',
      engineAssurance: 'more-evidence-needed',
      panelAssurance: 'assured-with-actions',
      differences: ['T3'],
    });
    expect(firstReport.judgements).toHaveLength(6);
    const actions = timeline.body.timeline.map((e: Json) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'assessment.created',
        'evaluation.completed',
        'reconfiguration.judgement.recorded',
        'decision.issued-by-panel',
        'reconfiguration.report.issued',
        'evaluation.replayed',
      ]),
    );
    expect(actions.filter((a: string) => a === 'assessment.created')).toHaveLength(2);
    const seqs = timeline.body.timeline.map((e: Json) => Number(e.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    const verify = await t.as('auditor').get('/api/v1/audit/verify').expect(200);
    expect(verify.body.ok).toBe(true);
  });

  it('an unknown proposal is a 404, a malformed reference a 400', async () => {
    await t.as('auditor').get('/api/v1/proposals/RCF-2099-001').expect(404);
    await t.as('auditor').get('/api/v1/proposals/not%20a%20ref').expect(400);
  });
});

describe('the demo samples', () => {
  it('take an A&E downgrade, a stroke centralisation and a maternity merger through to issued reports', async () => {
    const summary = await runReconfigurationSamples(t.app);
    expect(summary).toContain('RCF-2014-001 #1');
    expect(summary).toContain('RCF-2014-001 #2');
    expect(summary).toContain('RCF-2016-002');
    expect(summary).toContain('RCF-2017-003');
    const decisions = await t.prisma.decision.findMany({
      where: { assessment: { family: 'reconfiguration', subject: { in: ['RCF-2014-001', 'RCF-2016-002', 'RCF-2017-003'] } } },
      include: { assessment: { select: { subject: true, period: true } } },
      orderBy: { createdAt: 'asc' },
    });
    // Overridden only where the panel differs from the rules on a test.
    expect(decisions.map((d) => [d.assessment.subject, d.status, d.proposedKey, d.finalKey, d.overridden])).toEqual([
      ['RCF-2014-001', 'issued', 'more-evidence-needed', 'more-evidence-needed', false],
      ['RCF-2014-001', 'issued', 'assured-with-actions', 'assured-with-actions', true],
      ['RCF-2016-002', 'issued', 'assured-with-actions', 'assured-with-actions', false],
      ['RCF-2017-003', 'issued', 'assured-with-actions', 'assured-with-actions', true],
    ]);
    const maternity = decisions[3].finalOutcome as Json;
    expect(maternity.flags.map((f: Json) => f.id)).toEqual(['scrutiny-referral-risk', 'bed-closure-test-applies']);
    expect(maternity.tests.find((x: Json) => x.id === 'T5')).toMatchObject({ applies: true, result: 'met', panel: { agrees: true } });
    expect(maternity.differences).toEqual(['T4']);
    const doc = await t.as('auditor').get(`/api/v1/decisions/${decisions[3].id}/document`).expect(200);
    expect(await t.prisma.assessment.count({ where: { family: 'reconfiguration', provenance: 'sample' } })).toBe(4);
    expect(doc.text).toContain('Illustrative sample');
    expect(doc.text).toContain('Referral risk');
  });
});

describe('a proposal resubmitted for the date its report was issued', () => {
  const ref = 'RCF-2016-301';
  const judgeAll = async () => {
    const all = ['T1', 'T2', 'T3', 'T4', 'P1', 'P2'].map((test) => ({ test, agree: true }));
    await t.as('panel').post(`/api/v1/proposals/${ref}/judgements`).send({ judgements: all }).expect(201);
  };

  it('is issued as an amendment naming the report that stands, with a reason; without one it is refused naming amends', async () => {
    await submitAndWait(proposal(ref, '2016-09-15', strokeFacts()), 'panel');
    await judgeAll();
    const first = (await t.as('panel').post(`/api/v1/proposals/${ref}/issue`).send({}).expect(200)).body;

    await submitAndWait(proposal(ref, '2016-09-15', strokeFacts()), 'panel');
    await judgeAll();
    const refused = await t.as('panel').post(`/api/v1/proposals/${ref}/issue`).send({}).expect(409);
    expect(refused.body).toMatchObject({ error: 'DECISION_STANDS', issues: [{ field: 'amends' }] });
    const noReason = await t.as('panel').post(`/api/v1/proposals/${ref}/issue`).send({ amends: first.id }).expect(422);
    expect(noReason.body.issues).toEqual([expect.objectContaining({ field: 'amendReason' })]);

    const amended = await t
      .as('panel')
      .post(`/api/v1/proposals/${ref}/issue`)
      .send({ amends: first.id, amendReason: 'The lead CCG resubmitted with corrected travel times' })
      .expect(200);
    expect(amended.body).toMatchObject({ status: 'issued' });
    expect(await t.prisma.decision.findUniqueOrThrow({ where: { id: amended.body.id } })).toMatchObject({ status: 'issued', amends: first.id });
    expect(await t.prisma.decision.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({
      status: 'superseded',
      supersededBy: amended.body.id,
    });
  });
});
