// At-least-once delivery, lost jobs and a tampered audit log.
import { Client } from 'pg';
import { EvaluationService } from '../../src/assessments/evaluation.service.js';
import { EVALUATE_JOB } from '../../src/assessments/evaluation.job.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { qpAssessment } from '../support/qp-facts.js';

describe('a duplicated job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('writes exactly one evaluation and one decision', async () => {
    const res = await t.as('board').post('/api/v1/assessments').send(qpAssessment('00C')).expect(202);
    const id: string = res.body.id;
    // The same work delivered again: twice more concurrently in-process, and a second job
    // under another id, as a lost lock or a re-add would.
    const evaluations = t.app.get(EvaluationService, { strict: false });
    await Promise.all([
      evaluations.evaluate(id),
      evaluations.evaluate(id),
      t.queue().add(EVALUATE_JOB, { assessmentId: id }, { jobId: `${id}-dup` }),
    ]);
    await eventually(async () => (await t.queue().getJobState(`${id}-dup`)) === 'completed', 15000, 'duplicate job done');
    await eventually(async () => (await t.prisma.assessment.findUnique({ where: { id } }))?.status === 'awaiting_review');
    expect(await t.prisma.evaluation.count({ where: { assessmentId: id } })).toBe(1);
    expect(await t.prisma.decision.count({ where: { assessmentId: id } })).toBe(1);
    expect(await t.prisma.auditEvent.count({ where: { entityId: id, action: 'evaluation.completed' } })).toBe(1);
  });
});

describe('the reconciler', () => {
  it('re-enqueues an assessment whose job was removed from Redis, and a worker evaluates it', async () => {
    // An API process alone: the assessment is committed and its job queued, then Redis loses it.
    const api = await startTestApp({ config: { ROLE: 'api' } });
    let worker: TestApp | undefined;
    try {
      const res = await api.as('board').post('/api/v1/assessments').send(qpAssessment('01A')).expect(202);
      const id: string = res.body.id;
      await api.queue().remove(id);
      expect(await api.queue().getJob(id)).toBeUndefined();
      expect((await api.prisma.assessment.findUniqueOrThrow({ where: { id } })).status).toBe('queued');

      // A worker starts on the same database and Redis; its reconciler finds the orphan.
      worker = await startTestApp({
        databaseUrl: api.config.DATABASE_URL,
        config: { ROLE: 'all', RECONCILE_INTERVAL_MS: 200, RECONCILE_GRACE_MS: 0 },
      });
      const done = await eventually(
        async () => {
          const a = await api.prisma.assessment.findUniqueOrThrow({ where: { id } });
          return a.status === 'awaiting_review' ? a : undefined;
        },
        15000,
        'reconciled assessment evaluated',
      );
      expect(done.status).toBe('awaiting_review');
      const requeued = await api.prisma.auditEvent.findMany({ where: { action: 'assessments.requeued' } });
      expect(requeued.some((e) => JSON.stringify(e.payload).includes(id))).toBe(true);
    } finally {
      await worker?.app.close();
      await api.close();
    }
  });
});

describe('audit log tampering', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: { ROLE: 'api' } });
  });
  afterAll(() => t.close());

  it('is refused by the database, and when forced by a superuser, caught by verify at that seq', async () => {
    await t.as('board').post('/api/v1/assessments').send(qpAssessment('00C')).expect(202);
    await t.as('board').post('/api/v1/assessments').send(qpAssessment('01A')).expect(202);
    expect((await t.as('auditor').get('/api/v1/audit/verify').expect(200)).body.ok).toBe(true);

    const target = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'assessment.created' }, orderBy: { seq: 'asc' } });
    const db = new Client({ connectionString: t.config.DATABASE_URL });
    await db.connect();
    try {
      await expect(db.query(`UPDATE audit_events SET actor = 'someone' WHERE seq = $1`, [target.seq])).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM audit_events WHERE seq = $1`, [target.seq])).rejects.toThrow(/append-only/);
      // A superuser can switch triggers off for the session: the chain still gives it away.
      await db.query(`SET session_replication_role = replica`);
      await db.query(`UPDATE audit_events SET payload = '{"subject":"forged"}' WHERE seq = $1`, [target.seq]);
    } finally {
      await db.end();
    }
    const verify = await t.as('auditor').get('/api/v1/audit/verify').expect(200);
    expect(verify.body).toMatchObject({ ok: false, firstBrokenSeq: String(target.seq) });
  });
});

describe('graceful shutdown', () => {
  it('finishes the active job and seals its audit events before the database closes', async () => {
    const api = await startTestApp({ config: { ROLE: 'api' } });
    try {
      const worker = await startTestApp({ databaseUrl: api.config.DATABASE_URL, config: { ROLE: 'all', WORKER_CONCURRENCY: 1 } });
      const subjects = (await api.prisma.ccg.findMany({ select: { odsCode: true }, take: 40 })).map((c) => c.odsCode);
      await api
        .as('board')
        .post('/api/v1/assessments:batch')
        .send({ items: subjects.map((s) => qpAssessment(s)) })
        .expect(202);
      await eventually(async () => (await api.prisma.assessment.count({ where: { status: 'awaiting_review' } })) > 0);
      // Stop the worker mid-queue, as SIGTERM does.
      await worker.app.close();

      const statuses = await api.prisma.assessment.groupBy({ by: ['status'], _count: { _all: true } });
      const byStatus = Object.fromEntries(statuses.map((s) => [s.status, s._count._all]));
      // Nothing abandoned half-way: every assessment is either done or still waiting for a worker.
      expect(byStatus.evaluating ?? 0).toBe(0);
      expect((byStatus.awaiting_review ?? 0) + (byStatus.queued ?? 0)).toBe(40);
      expect(await api.prisma.auditEvent.count({ where: { seq: null, action: 'evaluation.completed' } })).toBe(0);
    } finally {
      await api.close();
    }
  });
});
