// Quarters and financial years at the edges: a request may name 2013-Q1 (2013/14), when CCGs
// began, to 2099-Q4 (2099/00); anything else is a 400 naming the query parameter or a 422 naming
// the field, never a 500, and writes nothing. An intervention quarter (or sweep) that has not
// begun is refused too, so it can never be issued and block the real quarters after it.
import { signedIn } from '../console/console-support.js';
import { interventionAssessment } from '../support/intervention-facts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** What a refusal must leave as it was. */
const written = async () => ({
  assessments: await t.prisma.assessment.count(),
  audit: await t.prisma.auditEvent.count(),
  interventionSweeps: await t.prisma.interventionSweep.count(),
  barrierSweeps: await t.prisma.barrierSweep.count(),
});

const NOT_BEGUN = '2030-Q1';

describe('the barrier reports', () => {
  it.each([
    ['/api/v1/barriers/reports/annual?year=9999/00', 'query.year'],
    ['/api/v1/barriers/reports/annual?year=0000/01', 'query.year'],
    ['/api/v1/barriers/reports/annual?year=2012/13', 'query.year'],
    ['/api/v1/barriers/reports/annual?year=2100/01', 'query.year'],
    ['/api/v1/barriers/reports/quarterly?quarter=9999-Q3', 'query.quarter'],
    ['/api/v1/barriers/reports/quarterly?quarter=9999-Q4', 'query.quarter'],
    ['/api/v1/barriers/reports/quarterly?quarter=0000-Q1', 'query.quarter'],
    ['/api/v1/barriers/reports/quarterly?quarter=1900-Q1', 'query.quarter'],
    ['/api/v1/barriers/reports/quarterly?quarter=2012-Q4', 'query.quarter'],
  ] as const)('%s is a 400 naming %s', async (url, field) => {
    for (const format of ['json', 'html', 'csv']) {
      const res = await t.as('board').get(`${url}&format=${format}`);
      expect({ format, status: res.status }).toEqual({ format, status: 400 });
      expect(res.body.issues).toEqual([expect.objectContaining({ field, message: expect.stringMatching(/from 2013/) })]);
    }
  });

  it('answers the first and last quarter and year a request may name', async () => {
    for (const url of [
      '/api/v1/barriers/reports/quarterly?quarter=2013-Q1',
      '/api/v1/barriers/reports/quarterly?quarter=2099-Q4',
      '/api/v1/barriers/reports/annual?year=2013/14',
      '/api/v1/barriers/reports/annual?year=2099/00',
    ]) {
      for (const format of ['json', 'html', 'csv']) {
        const res = await t.as('board').get(`${url}&format=${format}`);
        expect({ url, format, status: res.status }).toEqual({ url, format, status: 200 });
      }
    }
    const last = await t.as('board').get('/api/v1/barriers/reports/quarterly?quarter=2099-Q4').expect(200);
    expect(last.body).toMatchObject({ quarter: '2099-Q4', period: { from: '2100-01-01', to: '2100-03-31' }, count: 0 });
  });

  it('the same pages in the console are a 400 naming the parameter', async () => {
    const { agent } = await signedIn(t, 'board');
    for (const [url, field] of [
      ['/console/barrier-reports/annual?year=9999/00', 'year'],
      ['/console/barrier-reports/annual?year=0000/01', 'year'],
      ['/console/barrier-reports/quarterly?quarter=9999-Q3', 'quarter'],
      ['/console/barrier-reports/quarterly?quarter=9999-Q4', 'quarter'],
      ['/console/barrier-reports/quarterly?quarter=0000-Q1', 'quarter'],
    ]) {
      const res = await agent.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      // The console says it in words, naming the year or quarter and the range.
      expect(res.text).toMatch(field === 'year' ? 'The page address is not right: year must be' : 'Enter a quarter from 2013-Q1');
    }
    await agent.get('/console/barrier-reports/annual?year=2099/00').expect(200);
  });
});

describe('assessments by quarter', () => {
  const escalation = { family: 'barrier-escalation', subject: 'NI-2013-0001', facts: { asOf: '2013-12-31' } };

  it('refuses a barrier escalation of a quarter out of range with a 422 naming period, alone or in a batch', async () => {
    const before = await written();
    for (const period of ['9999-Q3', '9999-Q4', '0000-Q1', '2012-Q4']) {
      const res = await t
        .as('board')
        .post('/api/v1/assessments')
        .send({ ...escalation, period });
      expect({ period, status: res.status }).toEqual({ period, status: 422 });
      expect(res.body.issues).toEqual([expect.objectContaining({ field: 'period' })]);
    }
    const batch = await t
      .as('board')
      .post('/api/v1/assessments:batch')
      .send({ items: [{ ...escalation, period: '9999-Q3' }] })
      .expect(422);
    expect(batch.body).toMatchObject({ queued: 0, rejected: 1 });
    expect(batch.body.results[0]).toMatchObject({ status: 'rejected', statusCode: 422, issues: [expect.objectContaining({ field: 'period' })] });
    expect(await written()).toEqual(before);
  });

  it('refuses a barrier escalation assessed on a day still to come, naming facts.asOf', async () => {
    const before = await written();
    const res = await t
      .as('board')
      .post('/api/v1/assessments')
      .send({ ...escalation, period: NOT_BEGUN, facts: { asOf: '2030-03-31' } })
      .expect(422);
    expect(res.body.issues).toEqual([expect.objectContaining({ field: 'facts.asOf', message: expect.stringContaining('after today') })]);
    expect(await written()).toEqual(before);
  });

  it('refuses an intervention quarter out of range, or not begun, with a 422 naming period; the real quarters stay open', async () => {
    const before = await written();
    for (const period of ['9999-Q3', '0000-Q1', '2100-Q1']) {
      const res = await t.as('board').post('/api/v1/assessments').send(interventionAssessment('01A', period));
      expect({ period, status: res.status }).toEqual({ period, status: 422 });
      expect(res.body.issues).toEqual([expect.objectContaining({ field: 'period', message: expect.stringMatching(/from 2013-Q1/) })]);
    }
    const future = await t.as('board').post('/api/v1/assessments').send(interventionAssessment('01A', NOT_BEGUN)).expect(422);
    expect(future.body.issues).toEqual([
      { field: 'period', message: expect.stringMatching(/^2030-Q1 has not begun \(today is \d{4}-\d{2}-\d{2}\)$/) },
    ]);
    const batch = await t
      .as('board')
      .post('/api/v1/assessments:batch')
      .send({ items: [interventionAssessment('01A', NOT_BEGUN), interventionAssessment('02A', '9999-Q3')] })
      .expect(422);
    expect(batch.body.results.map((r: { issues: { field: string }[] }) => r.issues.map((i) => i.field))).toEqual([['period'], ['period']]);
    expect(await written()).toEqual(before);

    // Nothing later was issued, so the CCG's first quarter is taken.
    const first = await t.submitAndWait(interventionAssessment('01A', '2013-Q1'));
    expect(first.status).toBe('awaiting_review');
  });

  it('refuses an intervention sweep of a quarter out of range or not begun with a 422 naming quarter', async () => {
    const before = await written();
    for (const quarter of ['9999-Q3', '0000-Q1', NOT_BEGUN]) {
      const res = await t.as('board').post('/api/v1/intervention/sweeps').send({ quarter });
      expect({ quarter, status: res.status }).toEqual({ quarter, status: 422 });
      expect(res.body.issues).toEqual([expect.objectContaining({ field: 'quarter' })]);
    }
    const future = await t.as('board').post('/api/v1/intervention/sweeps').send({ quarter: NOT_BEGUN }).expect(422);
    expect(future.body.issues[0].message).toMatch(/^2030-Q1 has not begun/);
    expect(await written()).toEqual(before);
  });
});

describe('the intervention reads', () => {
  it.each([
    ['/api/v1/intervention/ccgs/00C/levels?year=2013/15', 'query.year'],
    ['/api/v1/intervention/ccgs/00C/levels?year=9999/00', 'query.year'],
    ['/api/v1/intervention/ccgs/00C/levels?year=2012/13', 'query.year'],
    ['/api/v1/intervention/dashboard?quarter=0000-Q1', 'query.quarter'],
    ['/api/v1/intervention/dashboard?quarter=9999-Q4', 'query.quarter'],
    ['/api/v1/rulesets/intervention/principles?quarter=9999-Q4', 'query.quarter'],
  ] as const)('%s is a 400 naming %s', async (url, field) => {
    const res = await t.as('board').get(url).expect(400);
    expect(res.body.issues).toEqual([expect.objectContaining({ field })]);
  });

  it('answers the years and quarters a request may name', async () => {
    await t.as('board').get('/api/v1/intervention/ccgs/00C/levels?year=2013/14').expect(200);
    await t.as('board').get('/api/v1/intervention/dashboard?quarter=2013-Q1').expect(200);
  });
});
