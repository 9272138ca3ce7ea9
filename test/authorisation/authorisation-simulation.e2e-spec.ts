// The realism check: the four waves over the 211 CCGs and the March and July 2013 reviews, through
// intake, the worker, review and the condition register. The simulator writes only findings; the
// totals asserted here come from the API's summary, computed from what the pipeline recorded.
import { runAuthorisationSimulation, type SimulationReport } from '../../src/demo/authorisation/simulation-runner.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let report: SimulationReport;
beforeAll(async () => {
  // Scheduled reviews are tested on their own; here they would only add load.
  t = await startTestApp({ config: { WORKER_CONCURRENCY: 8, AUTHORISATION_REVIEW_SWEEP_MS: 0 } });
  const started = Date.now();
  report = await runAuthorisationSimulation(t.app, {
    progress: (m) => process.env.SIM_PROGRESS && console.log(`${((Date.now() - started) / 1000).toFixed(1)} s: ${m}`),
  });
  console.log(`${report.text}\n(${report.assessments} assessments in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}, 300_000);
afterAll(async () => {
  await t?.close();
});

describe('authorisation round 2012/13, simulated through the pipeline', () => {
  it('reproduces the published waves: 34/67/62/48; 43 without conditions, 168 with, 15 with directions', async () => {
    const res = await t.as('auditor').get('/api/v1/authorisation/summary?asOf=2013-03-27').expect(200);
    expect(res.body.byWave.map((w: { ccgs: number }) => w.ccgs)).toEqual([34, 67, 62, 48]);
    expect(res.body.byWave.map((w: { withoutConditions: number }) => w.withoutConditions)).toEqual([8, 19, 6, 10]);
    expect(res.body.byWave.map((w: { withDirections: number }) => w.withDirections)).toEqual([0, 3, 5, 7]);
    expect(res.body.byOutcome).toEqual({ authorised: 43, 'authorised-with-conditions': 153, 'authorised-with-conditions-and-directions': 15 });
    expect(res.body.current).toMatchObject({ freeOfConditions: 43, withConditions: 168, underDirections: 15 });
    expect(res.body.ccgsUnderDirections).toEqual([
      '03M',
      '03Q',
      '04G',
      '05F',
      '06N',
      '07G',
      '07V',
      '07X',
      '08M',
      '08W',
      '09F',
      '09L',
      '09W',
      '99E',
      '99K',
    ]);
    // Most conditions fell in domain 3, then 1 and 4 (published).
    const byDomain = Object.entries(res.body.openConditionsByDomain as Record<string, number>)
      .sort((a, b) => b[1] - a[1])
      .map(([d]) => d);
    expect(byDomain.slice(0, 3)).toEqual(['3', '1', '4']);
  });

  it('after the March and July 2013 reviews: 152 free of conditions, 59 with, 8 under directions (Barnet added)', async () => {
    const res = await t.as('auditor').get('/api/v1/authorisation/summary?asOf=2013-07-31').expect(200);
    expect(res.body.current).toMatchObject({ freeOfConditions: 152, withConditions: 59, underDirections: 8 });
    expect(res.body.ccgsUnderDirections).toEqual(['03M', '03Q', '05F', '07G', '07M', '07V', '08W', '99E']);
    expect(report.afterReviews.current).toEqual(res.body.current);
  });

  it("shows a CCG's conditions and status: Barnet's directions came after authorisation", async () => {
    const status = await t.as('panel').get('/api/v1/authorisation/status/07m').expect(200);
    expect(status.body).toMatchObject({
      odsCode: '07M',
      status: 'authorised-with-conditions-and-directions',
      underDirections: true,
      authorisation: { outcome: 'authorised-with-conditions', wave: 2 },
    });
    const conditions = await t.as('panel').get('/api/v1/ccgs/07M/conditions').expect(200);
    const escalated = conditions.body.items.find((c: { criterion: string }) => c.criterion === '4.9');
    expect(escalated).toMatchObject({ level: 4, directions: true, status: 'open' });
    expect(escalated.history.map((h: { kind: string; level: number }) => `${h.kind}@${h.level}`)).toEqual(['opened@3', 'escalated@4']);
    const liverpool = await t.as('auditor').get('/api/v1/audit?entityId=99A&entityType=ccg-authorisation').expect(200);
    expect(liverpool.body.items.map((e: { action: string }) => e.action)).toEqual(['authorisation.deferred', 'authorisation.status.recorded']);
    const dartford = await t.as('panel').get('/api/v1/ccgs/09J/conditions').expect(200);
    expect(dartford.body.items).toHaveLength(22);
    const audit = await t.as('auditor').get('/api/v1/audit?action=authorisation.directions.added').expect(200);
    expect(audit.body.items.map((e: { entityId: string }) => e.entityId)).toEqual(['07M']);
    const verify = await t.as('auditor').get('/api/v1/audit/verify').expect(200);
    expect(verify.body).toMatchObject({ ok: true, firstBrokenSeq: null });
  });
});
