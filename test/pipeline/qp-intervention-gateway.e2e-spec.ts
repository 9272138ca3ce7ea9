// The link between two families through the one pipeline: an intervention decision issued at the
// published gateway level (3) for a quarter of 2013/14 closes that year's Quality Premium
// gateway; the proposal names the quarter and the level; a replay reproduces it from what the
// evaluation stored. A proposal nobody issued counts for nothing.
import { interventionAssessment } from '../support/intervention-facts.js';
import { qpAssessment } from '../support/qp-facts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

type Gateway = { id: string; passed: boolean; detail?: string };

async function evaluated(body: object) {
  const assessment = await t.submitAndWait(body);
  const evaluation = await t.as('auditor').get(`/api/v1/evaluations/${assessment.evaluations[0].id}`).expect(200);
  return { decisionId: assessment.decisions[0].id, evaluation: evaluation.body };
}

const interventionGateway = (outcome: { gateways: Gateway[] }) => outcome.gateways.find((g) => g.id === 'intervention');

// A deficit worse than -1 % of allocation is a level-3 trigger (directions, s.14Z21).
const deficit = { 'finance.ytdVariancePct': -1.2 };

describe('an intervention issued at level 3 and the Quality Premium of its year', () => {
  it('fails the gateway of 2013/14 for 00C, naming 2013-Q4 and level 3, and a replay reproduces it', async () => {
    const intervention = await evaluated(interventionAssessment('00C', '2013-Q4', deficit));
    expect(intervention.evaluation.outcome.level).toBe(3);
    await t.as('board').post(`/api/v1/decisions/${intervention.decisionId}/confirm`).send({ note: 'directions issued' }).expect(200);

    const { decisionId, evaluation } = await evaluated(qpAssessment('00C'));
    expect(evaluation.outcomeKey).toBe('not-payable');
    expect(evaluation.outcome).toMatchObject({
      eligible: false,
      gatewaysFailed: ['intervention'],
      payablePence: 0,
      earnedFraction: 1,
      notPayableBecause: 'gateway',
    });
    const detail = 'Intervention at level 3 or above was issued for 2013-Q4 (highest level in 2013/14: 3)';
    expect(interventionGateway(evaluation.outcome)).toMatchObject({ passed: false, detail: expect.stringContaining(detail) });
    // What loadContext read is stored with the evaluation, as engine facts.
    expect(evaluation.facts).toMatchObject({
      'gateways.intervention.levelReached': true,
      'gateways.intervention.gatewayLevel': 3,
      'gateways.intervention.quarters': ['2013-Q4'],
    });
    const doc = await t.as('board').get(`/api/v1/decisions/${decisionId}/document`).expect(200);
    expect(doc.text).toContain('did not pass every gateway');
    expect(doc.text).toContain(detail);

    // The level the published principles state is the level the gateway applied.
    const principles = await t.as('auditor').get('/api/v1/rulesets/intervention/principles').expect(200);
    expect(principles.text).toMatch(/A level of 3 or above in any quarter of a year is a fact for that year's Quality Premium gateways/);
    const link = await t.as('auditor').get('/api/v1/intervention/ccgs/00C/levels?year=2013/14').expect(200);
    expect(link.body).toMatchObject({ reached: true, quarters: ['2013-Q4'], minLevel: 3 });

    // Replay reads nothing of the intervention records: even with the record changed since, it agrees.
    await t.prisma.interventionQuarter.update({ where: { ccgCode_quarter: { ccgCode: '00C', quarter: '2013-Q4' } }, data: { level: 0 } });
    const replay = await t.as('auditor').post(`/api/v1/evaluations/${evaluation.id}/replay`).expect(200);
    expect(replay.body).toMatchObject({ identical: true, verdict: 'same' });
    expect(replay.body.replayed.outcome).toMatchObject({ gatewaysFailed: ['intervention'], payablePence: 0 });
  });

  it('ignores a level-3 proposal nobody issued, and says no intervention at level 3 or above was issued', async () => {
    const proposal = await evaluated(interventionAssessment('01A', '2013-Q4', deficit));
    expect(proposal.evaluation.outcome.level).toBe(3);

    const { decisionId, evaluation } = await evaluated(qpAssessment('01A'));
    expect(evaluation.outcome).toMatchObject({ eligible: true, gatewaysFailed: [], payablePence: 100_000_000 });
    const sentence = 'No intervention at level 3 or above was issued for 2013/14 (no intervention quarter of 2013/14 is on record).';
    expect(interventionGateway(evaluation.outcome)).toEqual(expect.objectContaining({ passed: true, detail: sentence }));
    const doc = await t.as('board').get(`/api/v1/decisions/${decisionId}/document`).expect(200);
    expect(doc.text).toContain(sentence);
  });
});
