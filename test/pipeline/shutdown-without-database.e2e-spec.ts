// A serving process whose PostgreSQL and Redis went away (stopped by someone else, a host gone)
// still leaves on SIGINT or SIGTERM: shutting down must not wait forever on work that needs them.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startProxyFor, type TcpProxy } from '../support/tcp-proxy.js';
import { createTestDatabase, testRedisPrefix, testRedisUrl } from '../support/test-database.js';
import { eventually } from '../support/test-app.js';
import { freePort } from '../support/free-port.js';

const root = join(__dirname, '..', '..');
describe('shutting down after the database and Redis vanished', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: TcpProxy & { url: string };
  let redisProxy: TcpProxy & { url: string };
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = await startProxyFor(db.url, 5432);
    redisProxy = await startProxyFor(testRedisUrl(), 6379);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await proxy?.close();
    await redisProxy?.close();
    await db?.drop();
  });

  it.each([
    { signal: 'SIGINT', times: 1, code: 1, says: /shutdown did not finish within 3000 ms/ },
    { signal: 'SIGTERM', times: 2, code: 130, says: /SIGTERM again: leaving without finishing/ },
  ] as const)(
    'leaves on $signal sent $times time(s), within seconds',
    async ({ signal, times, code, says }) => {
      await proxy.restore();
      await redisProxy.restore();
      const port = await freePort();
      const env = {
        ...process.env,
        DATABASE_URL: proxy.url,
        REDIS_URL: redisProxy.url,
        QUEUE_PREFIX: testRedisPrefix(),
        PORT: String(port),
        LOG_LEVEL: 'warn',
        SHUTDOWN_TIMEOUT_MS: '3000',
      };
      const proc = spawn(process.execPath, ['-r', join(root, 'test/support/ts-register.cjs'), join(root, 'src/main.ts'), 'all'], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      let output = '';
      proc.stdout.on('data', (c: Buffer) => (output += c.toString()));
      proc.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((done) =>
        proc.once('exit', (code, sig) => done({ code, signal: sig, at: Date.now() })),
      );
      await eventually(
        async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.status === 200,
        60_000,
        `the process serving (${output})`,
      );

      await proxy.cut();
      await redisProxy.cut();
      // Let the database's absence be felt (health, the sealer) before asking it to stop.
      await eventually(
        async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.status === 503,
        20_000,
        'health to say the database is down',
      );
      const asked = Date.now();
      proc.kill(signal);
      if (times === 2) {
        await eventually(async () => /finishing active work/.test(output), 10_000, 'the first signal heard');
        proc.kill(signal);
      }
      const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
      const exit = await exited;
      clearTimeout(timer);
      // It left by itself (not our SIGKILL), saying why it could not finish cleanly.
      expect({ signal: exit.signal, code: exit.code }).toEqual({ signal: null, code });
      expect(output).toMatch(says);
      expect(exit.at - asked).toBeLessThan(15_000);
    },
    120_000,
  );
});
