// While PostgreSQL is away (a restart), the API says so: 503 with Retry-After, never 500; and it
// serves again by itself once the database is back.
import { startProxyFor, type TcpProxy } from '../support/tcp-proxy.js';
import { createTestDatabase } from '../support/test-database.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { qpAssessment } from '../support/qp-facts.js';
import { signedIn } from '../console/console-support.js';
import { notExactlyOnce, qpBothYears, registerCodes, submitBatch } from '../support/batch-pipeline.js';

describe('the API while PostgreSQL restarts', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: TcpProxy & { url: string };
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = await startProxyFor(db.url, 5432);
    // API, worker and audit sequencer in one process: none of them may take it down.
    t = await startTestApp({ databaseUrl: proxy.url });
  });
  afterAll(async () => {
    await proxy?.restore();
    await t?.close().catch(() => undefined);
    await proxy?.close();
    await db?.drop();
  });

  it('answers 503 with Retry-After while the database is down, and recovers alone: the worker evaluates and the audit chain holds', async () => {
    await t.as('board').get('/api/v1/assessments').expect(200);
    const { agent } = await signedIn(t, 'board');
    await proxy.cut();

    for (const res of [
      await t.as('board').get('/api/v1/assessments').timeout(15_000),
      await t.as('board').post('/api/v1/assessments').send(qpAssessment('00C')).timeout(15_000),
      await t.as('auditor').get('/api/v1/audit').timeout(15_000),
    ]) {
      expect({ status: res.status, body: res.body }).toMatchObject({
        status: 503,
        body: { error: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/database/) },
      });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    // The console says the same, as a page.
    const page = await agent.get('/console/queue').timeout(15_000);
    expect(page.status).toBe(503);
    expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
    expect(page.text).toMatch(/database is unavailable/);

    await proxy.restore();
    await eventually(async () => (await t.as('board').get('/api/v1/assessments')).status === 200, 20_000, 'API serving again');
    const evaluated = await t.submitAndWait(qpAssessment('00C'));
    expect(evaluated.status).toBe('awaiting_review');
    expect((await t.as('auditor').get('/api/v1/audit/verify').expect(200)).body).toMatchObject({ ok: true });
  });

  it('loses and duplicates nothing when PostgreSQL goes away mid-batch for a few seconds', async () => {
    // Codes the first test did not use: a new assessment of its key would supersede its proposal.
    const codes = (await registerCodes(t)).slice(1, 151);
    const ids = await submitBatch(t, qpBothYears(codes));
    // Counted over this batch alone, so work the worker does meanwhile cannot move the target.
    const reviewed = () => t.prisma.assessment.count({ where: { id: { in: ids }, status: 'awaiting_review' } });
    await eventually(async () => (await reviewed()) >= 30, 30_000, '30 of the batch evaluated before the outage');
    await proxy.cut();
    // Longer than the worker's three attempts take (1 s and 2 s apart).
    await new Promise((r) => setTimeout(r, 4_000));
    await proxy.restore();
    // Generous: the whole suite shares two cores; a failure names the statuses left behind.
    await eventually(async () => (await reviewed()) === ids.length, 120_000, `all ${ids.length} evaluated`).catch(async (error: Error) => {
      const statuses = await t.prisma.assessment.groupBy({ by: ['status'], where: { id: { in: ids } }, _count: { _all: true } });
      throw new Error(`${error.message}; by status ${JSON.stringify(statuses.map((r) => [r.status, r._count._all]))}`);
    });
    expect(await notExactlyOnce(t, ids)).toEqual([]);
    expect((await t.as('auditor').get('/api/v1/audit/verify').expect(200)).body).toMatchObject({ ok: true });
  }, 180_000);
});
