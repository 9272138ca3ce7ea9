// Crash safety: the only worker process is SIGKILLed mid-batch (no shutdown hook runs, its BullMQ
// locks stay until they expire, its last audit events stay unsealed), twice; fresh workers finish
// the batch with nothing lost and nothing evaluated twice.
import {
  interventionQuarters,
  notExactlyOnce,
  qpBothYears,
  registerCodes,
  reviewedCount,
  submitBatch,
  untilReviewed,
} from '../support/batch-pipeline.js';
import { apiBesideWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

const COUNT = 2000;
const KILLS = 2;
/** Evaluations a worker must have completed before it is killed. */
const PROGRESS = 150;

const harness = apiBesideWorkerProcesses();

it(`survives ${KILLS} SIGKILLs of the worker mid-batch: every assessment evaluated exactly once`, async () => {
  const { api, settings } = harness;
  // The fresh workers run the reconciler, often, as a recovering deployment would; the first does not.
  const recovering = { ...settings, RECONCILE_INTERVAL_MS: 500, RECONCILE_GRACE_MS: 1000 };
  // Every CCG's two Quality Premium years, then intervention quarters: 2,000 distinct keys.
  const codes = await registerCodes(api);
  const qp = qpBothYears(codes);
  const ids = await submitBatch(api, [...qp, ...interventionQuarters(codes, COUNT - qp.length)]);
  expect(new Set(ids).size).toBe(COUNT);
  expect(await reviewedCount(api)).toBe(0);

  let worker: WorkerProcess = await startWorkerProcess(settings);
  for (let kill = 0; kill < KILLS; kill++) {
    const before = await reviewedCount(api);
    await untilReviewed(api, before + PROGRESS, 60_000);
    expect(await worker.kill()).toEqual({ code: null, signal: 'SIGKILL' });
    // Killed mid-batch: some of the batch is still to do, and the dead process's jobs are still
    // active in Redis (their locks outlive it by up to 10 s).
    expect(await reviewedCount(api)).toBeLessThan(COUNT);
    expect((await api.queue().getJobCounts('active')).active).toBeGreaterThan(0);
    worker = await startWorkerProcess(recovering);
  }

  // The dead processes' active jobs come back through BullMQ's stalled-job check (the reconciler
  // leaves active jobs alone): their locks must expire (10 s, EVALUATION_WORKER_OPTIONS) and a
  // check (every 5 s) must see them.
  await untilReviewed(api, COUNT, 90_000);
  const statuses = await api.prisma.assessment.groupBy({ by: ['status'], _count: { _all: true } });
  expect(statuses.map((s) => [s.status, s._count._all])).toEqual([['awaiting_review', COUNT]]);
  expect(await notExactlyOnce(api, ids)).toEqual([]);
  expect(await api.prisma.decision.count({ where: { status: { not: 'proposed' } } })).toBe(0);

  expect(await worker.stop()).toEqual({ code: 0, signal: null });
  // The killed workers' unsealed events are sealed by whoever seals next: the chain has no gap.
  const verify = await api.as('auditor').get('/api/v1/audit/verify').expect(200);
  expect(verify.body).toMatchObject({ ok: true, pending: 0, firstBrokenSeq: null });
  expect(verify.body.checked).toBe(await api.prisma.auditEvent.count());
}, 140_000);
