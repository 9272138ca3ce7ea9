// PostgreSQL is the source of truth: while Redis is away, intake still commits and answers, and
// the job reaches the queue once Redis is back.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { qpAssessment } from '../support/qp-facts.js';
import { freePort } from '../support/free-port.js';

/** A Redis of this test's own, so that stopping it disturbs no other test file. */
function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--maxmemory-policy', 'noeviction'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code})`)));
  });
}

describe('intake while Redis is down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-outage-'));
  let port: number;
  let redis: ChildProcess | undefined;
  let t: TestApp;
  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port, dir);
    t = await startTestApp({ config: { ROLE: 'api', REDIS_URL: `redis://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    redis?.kill('SIGKILL');
    await t?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits and answers 202, and the job is queued when Redis is back', async () => {
    const stopped = new Promise((resolve) => redis!.once('exit', resolve));
    redis!.kill('SIGKILL');
    await stopped;

    // Before, the answer waited for Redis to come back (here: never). A generous bound, not a timing target.
    // Health says which dependency is down.
    const health = await t.as('board').get('/health').timeout(15_000).expect(503);
    expect(health.body).toMatchObject({ message: 'down: redis', details: { redis: { status: 'down' }, database: { status: 'up' } } });

    const res = await t.as('board').post('/api/v1/assessments').send(qpAssessment('00C')).timeout(15_000).expect(202);
    const id: string = res.body.id;
    expect((await t.prisma.assessment.findUniqueOrThrow({ where: { id } })).status).toBe('queued');
    expect(await t.prisma.auditEvent.count({ where: { entityId: id, action: 'assessment.created' } })).toBe(1);

    redis = await startRedis(port, dir);
    await eventually(async () => (await t.queue().getJob(id)) !== undefined, 20_000, 'job queued after Redis returned');
  });
});
