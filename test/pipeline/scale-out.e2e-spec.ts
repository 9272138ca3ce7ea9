// Scale-out: an API process and two worker OS processes on one PostgreSQL, one Redis and one
// queue prefix share a batch, and every assessment is evaluated exactly once.
import { eventually } from '../support/test-app.js';
import { notExactlyOnce, qpBothYears, registerCodes, submitBatch, untilReviewed } from '../support/batch-pipeline.js';
import { apiBesideWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

const harness = apiBesideWorkerProcesses();

// Quality Premium has two scheme years, so the register's 211 CCGs give 422 distinct assessments.
it('two worker processes share a Quality Premium batch and evaluate each assessment exactly once', async () => {
  const { api, settings } = harness;
  // Both are up before anything is queued, so they compete for the whole batch.
  const workers: WorkerProcess[] = await Promise.all([startWorkerProcess(settings), startWorkerProcess(settings)]);
  expect(workers[0].pid).not.toBe(workers[1].pid);

  const items = qpBothYears(await registerCodes(api));
  const count = items.length;
  expect(count).toBeGreaterThanOrEqual(400);
  const ids = await submitBatch(api, items);
  expect(new Set(ids).size).toBe(count);
  await untilReviewed(api, count, 90_000);
  expect(await api.prisma.assessment.count()).toBe(count);
  expect(await notExactlyOnce(api, ids)).toEqual([]);
  expect(await api.prisma.decision.count({ where: { status: { not: 'proposed' } } })).toBe(0);

  // Who did what: each process reports the jobs it ran (the job is acknowledged just after the
  // commit, so its report may trail the database by a moment).
  const [a, b] = workers.map((w) => w.evaluated);
  await eventually(async () => a.size + b.size >= count, 15_000, 'both processes to report their jobs');
  expect(a.size).toBeGreaterThan(0);
  expect(b.size).toBeGreaterThan(0);
  expect([...a].filter((id) => b.has(id))).toEqual([]);
  expect(new Set([...a, ...b])).toEqual(new Set(ids));

  // SIGTERM is a clean stop: active work finishes, the last audit events are sealed.
  const exits = await Promise.all(workers.map((w) => w.stop()));
  expect(exits).toEqual([
    { code: 0, signal: null },
    { code: 0, signal: null },
  ]);

  const verify = await api.as('auditor').get('/api/v1/audit/verify').expect(200);
  expect(verify.body).toMatchObject({ ok: true, pending: 0, firstBrokenSeq: null });
  expect(verify.body.checked).toBe(await api.prisma.auditEvent.count());
}, 110_000);
