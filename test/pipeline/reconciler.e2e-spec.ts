// The reconciler re-queues only what is still lost when it re-queues: under a backlog, a job may
// finish between the moment the reconciler lists stale assessments and the moment it looks at
// that job in Redis.
import { APP_CONFIG, type AppConfig } from '../../src/config/app-config.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { EvaluationQueueService } from '../../src/assessments/evaluation-queue.service.js';
import { ReconcilerService } from '../../src/assessments/reconciler.service.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { qpAssessment } from '../support/qp-facts.js';

describe('the reconciler under a backlog', () => {
  let t: TestApp;
  let queue: EvaluationQueueService;
  let reconciler: ReconcilerService;
  beforeAll(async () => {
    // An API process: nothing evaluates on its own, so the test decides when a job "finishes".
    t = await startTestApp({ config: { ROLE: 'api' } });
    queue = t.app.get(EvaluationQueueService, { strict: false });
    reconciler = new ReconcilerService(t.prisma, t.app.get(AuditService, { strict: false }), queue, t.app.get<AppConfig>(APP_CONFIG));
  });
  afterAll(() => t.close());

  const staleAssessment = async (subject: string): Promise<string> => {
    const res = await t.as('board').post('/api/v1/assessments').send(qpAssessment(subject)).expect(202);
    await t.prisma.$executeRaw`UPDATE assessments SET updated_at = now() - interval '1 hour' WHERE id = ${res.body.id}::uuid`;
    return res.body.id;
  };
  const requeuedEvents = async (id: string) =>
    (await t.prisma.auditEvent.findMany({ where: { action: 'assessments.requeued' } })).filter((e) => JSON.stringify(e.payload).includes(id));

  it('leaves alone an assessment whose job finished after the stale list was read', async () => {
    const id = await staleAssessment('00C');
    const jobState = jest.spyOn(queue, 'jobState').mockImplementation(async (assessmentId) => {
      // The worker finishes this job now: its evaluation commits, then BullMQ marks it completed.
      await t.prisma.assessment.update({ where: { id: assessmentId }, data: { status: 'awaiting_review' } });
      return 'completed';
    });
    try {
      const { checked, requeued } = await reconciler.reconcileOnce(1000);
      expect(checked).toBeGreaterThanOrEqual(1);
      expect(requeued).not.toContain(id);
      expect(await requeuedEvents(id)).toEqual([]);
    } finally {
      jobState.mockRestore();
    }
  });

  it('still re-queues an assessment whose job is gone, and says so in the audit log', async () => {
    const id = await staleAssessment('01A');
    await t.queue().remove(id);
    const { requeued } = await reconciler.reconcileOnce(1000);
    expect(requeued).toContain(id);
    expect(await t.queue().getJob(id)).toBeDefined();
    expect(await requeuedEvents(id)).toHaveLength(1);
  });
});
