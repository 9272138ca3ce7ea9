// The quarterly sweep over all 211 CCGs of the register, and the eight-quarter simulation the
// demo runs, on real PostgreSQL and Redis.
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { SWEEP_QUEUE, SWEEP_SCHEDULER_ID } from '../../src/intervention/sweep.job.js';
import { runInterventionSimulation } from '../../src/demo/intervention/simulation.js';
import { interventionAssessment } from '../support/intervention-facts.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { testRedisPrefix } from '../support/test-database.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { WORKER_CONCURRENCY: 8 } });
});
afterAll(() => t.close());

async function sweep(quarter: string) {
  const res = await t.as('board').post('/api/v1/intervention/sweeps').send({ quarter }).expect(202);
  return eventually(
    async () => {
      const s = await t.as('auditor').get(`/api/v1/intervention/sweeps/${res.body.id}`).expect(200);
      return s.body.status === 'completed' || s.body.status === 'failed' ? s.body : undefined;
    },
    120000,
    `sweep of ${quarter}`,
  );
}

describe('the quarterly sweep', () => {
  it('is scheduled quarterly in the worker, and refuses a bad quarter or a reader', async () => {
    const queue = t.app.get<Queue>(getQueueToken(SWEEP_QUEUE), { strict: false });
    const ids = await eventually(
      async () => {
        const keys = (await queue.getJobSchedulers()).map((s) => s.key);
        return keys.includes(SWEEP_SCHEDULER_ID) ? keys : undefined;
      },
      10000,
      'the quarterly schedule',
    );
    expect(ids).toEqual([SWEEP_SCHEDULER_ID]);
    const bad = await t.as('board').post('/api/v1/intervention/sweeps').send({ quarter: '2013-Q9' }).expect(422);
    expect(bad.body.issues[0].field).toBe('quarter');
    await t.as('auditor').post('/api/v1/intervention/sweeps').send({ quarter: '2013-Q1' }).expect(403);
    // One evaluation worker: the sweep uses the pipeline's evaluation service, not a second module.
    expect(await t.queue().getWorkersCount()).toBe(1);
  });

  it('evaluates all 211 CCGs whose facts are in, batch-imported, and reports who moved', async () => {
    const ccgs = (await t.prisma.ccg.findMany({ select: { odsCode: true } })).map((c) => c.odsCode);
    expect(ccgs).toHaveLength(211);
    // Most CCGs with nothing to report; every 7th misses A&E four hours, every 11th overspends.
    const items = ccgs.map((subject, i) =>
      interventionAssessment(subject, '2013-Q1', {
        ...(i % 7 === 0 ? { 'standards.ae4HoursPct': 91.5 } : {}),
        ...(i % 11 === 0 ? { 'finance.ytdVariancePct': -1.4, 'finance.forecastOutturnVariancePct': -0.8 } : {}),
      }),
    );
    const started = Date.now();
    const batch = await t.as('board').post('/api/v1/assessments:batch').send({ items }).expect(202);
    expect(batch.body).toMatchObject({ queued: 211, rejected: 0 });
    const report = await sweep('2013-Q1');
    const wall = Date.now() - started;
    expect(report.status).toBe('completed');
    expect(report.report).toMatchObject({ quarter: '2013-Q1', ccgs: 211, factsIn: 211, factsMissing: [], failed: [], awaitingReview: 211 });
    const levels = Object.values(report.report.levels as Record<string, number>);
    expect(levels.reduce((a, b) => a + b, 0)).toBe(211);
    // From nothing on record, every CCG above level 0 moved up.
    expect(report.report.movedUp).toHaveLength(211 - report.report.levels['0']);
    expect(report.report.movedDown).toEqual([]);
    console.log(`intervention sweep of 211 CCGs (2013-Q1): sweep ${report.durationMs} ms; batch import + evaluation + sweep ${wall} ms`);
    expect(
      await t.prisma.auditEvent.count({
        where: { entityId: report.id, action: { in: ['intervention.sweep.requested', 'intervention.sweep.completed'] } },
      }),
    ).toBe(2);

    // Sweeping again finds everything evaluated: nothing is evaluated twice, the report is the same.
    const again = await sweep('2013-Q1');
    expect(again.report).toMatchObject({ evaluatedBySweep: 0, factsIn: 211, levels: report.report.levels });
    expect(await t.prisma.evaluation.count({ where: { assessment: { family: 'intervention' } } })).toBe(211);
    console.log(`intervention re-sweep of 211 evaluated CCGs: ${again.durationMs} ms`);
  });
});

describe('the sweep and the evaluation queue', () => {
  it('hands what is not evaluated to the workers, a failed one included, instead of evaluating it itself', async () => {
    const codes = ['00C', '00D', '00J'];
    const queue = t.queue();
    // The workers take nothing while the queue is paused: intake's jobs wait there.
    await queue.pause();
    const batch = await t
      .as('board')
      .post('/api/v1/assessments:batch')
      .send({ items: codes.map((c) => interventionAssessment(c, '2013-Q2')) })
      .expect(202);
    const ids = (batch.body.results as { id: string }[]).map((r) => r.id);
    // One of them failed earlier (say, PostgreSQL went away past its retries): no job is left for it.
    await t.prisma.assessment.update({ where: { id: ids[0] }, data: { status: 'failed', error: 'an earlier transient failure' } });
    await (await queue.getJob(ids[0]))?.remove();

    const requested = await t.as('board').post('/api/v1/intervention/sweeps').send({ quarter: '2013-Q2' }).expect(202);
    // The sweep queues the failed one again and waits for the workers: nothing is evaluated yet.
    await eventually(async () => (await queue.getJob(ids[0])) !== undefined, 20_000, 'the failed assessment queued again');
    expect(await t.prisma.evaluation.count({ where: { assessmentId: { in: ids } } })).toBe(0);
    expect((await t.prisma.interventionSweep.findUniqueOrThrow({ where: { id: requested.body.id } })).status).toBe('running');
    await queue.resume();

    const done = await eventually(
      async () => {
        const s = await t.prisma.interventionSweep.findUniqueOrThrow({ where: { id: requested.body.id } });
        return s.status === 'completed' || s.status === 'failed' ? s : undefined;
      },
      60_000,
      'the sweep of 2013-Q2',
    );
    expect(done).toMatchObject({ status: 'completed', report: { quarter: '2013-Q2', factsIn: 3, evaluatedBySweep: 3, failed: [] } });
    // Each was evaluated by a worker's job (job id = assessment id), not by the sweep.
    const completed = await t.prisma.auditEvent.findMany({
      where: { action: 'evaluation.completed', entityId: { in: ids } },
      select: { entityId: true, payload: true },
    });
    expect(completed.map((e) => [e.entityId, (e.payload as { jobId: string }).jobId]).sort()).toEqual(ids.map((id) => [id, id]).sort());
    expect(await t.prisma.auditEvent.count({ where: { action: 'assessments.requeued', entityId: requested.body.id } })).toBe(1);
  });
});

describe('the simulation', () => {
  it('runs quarters for every CCG through the pipeline and prints the ladder counts per quarter', async () => {
    // A database of its own: three quarters, each submitted, swept and issued before the next.
    // Queues of its own too: the first app's worker would otherwise take its jobs (and, reading
    // the other database, find no such assessment).
    const sim = await startTestApp({ config: { WORKER_CONCURRENCY: 8, QUEUE_PREFIX: `${testRedisPrefix()}-sim` } });
    try {
      const started = Date.now();
      const result = await runInterventionSimulation(sim.app, { seed: 1, quarters: 3 });
      console.log(`${result.table}\n3 quarters × 211 CCGs in ${Date.now() - started} ms`);
      const rows = result.table.split('\n').slice(2);
      expect(rows.map((r) => r.split(/\s+/)[0])).toEqual(['2013-Q1', '2013-Q2', '2013-Q3']);
      for (const row of rows) {
        const counts = row.split(/\s+/).slice(1, 7).map(Number);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(211);
        expect(counts[0] + counts[1]).toBeGreaterThan(150);
      }
      expect(result.reports.map((r) => r.factsIn)).toEqual([211, 211, 211]);
      expect(result.reports[1].movedUp.length + result.reports[1].movedDown.length).toBeGreaterThan(0);
      expect(await sim.prisma.interventionQuarter.count()).toBe(633);
      expect(await sim.prisma.decision.count({ where: { status: 'proposed' } })).toBe(0);
    } finally {
      await sim.close();
    }
  }, 300000);
});
