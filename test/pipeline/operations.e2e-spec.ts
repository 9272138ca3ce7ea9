// What operators and auditors rely on: health, docs, metrics, audit search and export, replay
// after a rule file changed, and a failure that stays visible.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { EVALUATE_JOB, evaluateJobOptions } from '../../src/assessments/evaluation.job.js';
import { projectRoot } from '../../src/common/project-root.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { qpAssessment } from '../support/qp-facts.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function evaluated(subject: string) {
  const res = await t.as('board').post('/api/v1/assessments').send(qpAssessment(subject)).expect(202);
  return eventually(async () => {
    const a = await t.prisma.assessment.findUniqueOrThrow({ where: { id: res.body.id }, include: { evaluations: true } });
    return a.status === 'awaiting_review' ? a : undefined;
  });
}

describe('operations', () => {
  it('reports PostgreSQL and Redis health without a key, and serves OpenAPI and metrics', async () => {
    const server = t.app.getHttpServer();
    const health = await request(server).get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
    const docs = await request(server).get('/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/v1/assessments', '/api/v1/audit/verify']));
    await evaluated('00C');
    const metrics = await request(server).get('/metrics').expect(200);
    expect(metrics.text).toContain('process_cpu_user_seconds_total');
    expect(metrics.text).toMatch(/ccg_evaluation_jobs_total\{result="evaluated"\} [1-9]/);
  });
});

describe('audit search and export', () => {
  it('filters by entity and action, and exports the same events as CSV and JSON lines', async () => {
    const a = await evaluated('00C');
    const search = await t.as('auditor').get(`/api/v1/audit?entityId=${a.id}&action=evaluation.completed`).expect(200);
    expect(search.body.items).toHaveLength(1);
    expect(search.body.items[0].payload).toMatchObject({ evaluationId: a.evaluations[0].id });

    const jsonl = await t.as('auditor').get(`/api/v1/audit/export?format=jsonl&entityId=${a.id}`).expect(200);
    const lines = jsonl.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((e) => e.action)).toEqual(['assessment.created', 'assessment.evaluating', 'evaluation.completed']);
    const csv = await t.as('auditor').get(`/api/v1/audit/export?format=csv&entityId=${a.id}`).expect(200);
    const rows = csv.text.trim().split('\n');
    expect(rows[0]).toBe('seq,at,actor,actorRole,action,entityType,entityId,payload,prevHash,hash');
    expect(rows).toHaveLength(4);
    expect(rows[3]).toContain(lines[2].hash);
  });

  it('refuses an unknown filter, naming it', async () => {
    const res = await t.as('auditor').get('/api/v1/audit?colour=red').expect(400);
    expect(res.body.issues[0].field).toBe('query.colour');
  });
});

describe('replay', () => {
  it('reproduces an evaluation from the stored rule-set version after the rule file changed', async () => {
    const a = await evaluated('01A');
    // Another process starts with an edited rule file: a different hash for the same period.
    const rulesDir = mkdtempSync(join(tmpdir(), 'rules-'));
    cpSync(join(projectRoot(), 'rules'), rulesDir, { recursive: true });
    const file = join(rulesDir, 'quality-premium', 'qp-2013-14.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"value": 3.2', '"value": 50'));
    const edited = await startTestApp({ databaseUrl: t.config.DATABASE_URL, config: { ROLE: 'api', RULES_DIR: rulesDir } });
    try {
      const replay = await edited.as('auditor').post(`/api/v1/evaluations/${a.evaluations[0].id}/replay`).expect(200);
      expect(replay.body).toMatchObject({ identical: true, verdict: 'same' });
      expect((await edited.as('auditor').get('/api/v1/rulesets').expect(200)).body.map((r: { hash: string }) => r.hash)).not.toContain(
        a.evaluations[0].ruleSetHash,
      );
    } finally {
      await edited.app.close();
    }
  });
});

describe('a failed evaluation', () => {
  it('is marked failed by the worker at once, with its error kept, visible and audited', async () => {
    // Facts that no longer satisfy the family's schema, as a bad hand edit would leave them:
    // retrying cannot mend that, so the first attempt fails for good.
    const broken = await t.prisma.assessment.create({
      data: { id: randomUUID(), family: 'quality-premium', subject: '02N', period: '2013/14', facts: { measures: 'oops' }, createdBy: 'test' },
    });
    await t.queue().add(EVALUATE_JOB, { assessmentId: broken.id }, evaluateJobOptions(broken.id));
    const res = await eventually(
      async () => {
        const r = await t.as('board').get(`/api/v1/assessments/${broken.id}`).expect(200);
        return r.body.status === 'failed' ? r : undefined;
      },
      15000,
      'assessment failed',
    );
    expect(res.body.error).toMatch(/measures/);
    expect(res.body.attempts).toBe(1);
    expect(await t.prisma.auditEvent.count({ where: { entityId: broken.id, action: 'assessment.failed' } })).toBe(1);
  });
});
