// Redis from the system's redis-server (installed by scripts/setup.sh), as a child process of this
// one, listening on loopback only and never evicting a key (BullMQ needs every one).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import { errorText, freePort, isAlive, isProcessNamed, ORPHAN_STOP_TIMEOUT_MS, readPid, sleep, waitUntil } from './processes';

const REDIS_READY_TIMEOUT_MS = 10_000;

export interface RedisChild {
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(binary: string, dir: string, persistent: boolean, log: (m: string) => void): Promise<RedisChild> {
  await mkdir(dir, { recursive: true });
  const pidFile = join(dir, 'redis.pid');
  await clearStaleRedis(pidFile, log);

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--daemonize',
        'no',
        '--pidfile',
        pidFile,
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        persistent ? 'yes' : 'no',
        // BullMQ loses jobs if Redis evicts keys.
        '--maxmemory-policy',
        'noeviction',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let hasExited = false;
    void exited.then(() => (hasExited = true));

    // If this process ends without stop() (uncaught error, process.exit), Redis must not outlive
    // it. 'exit' handlers run synchronously: send the signal, don't wait.
    const killOnExit = (): void => {
      if (!hasExited) child.kill('SIGTERM');
    };
    process.on('exit', killOnExit);

    try {
      await waitForPing(port, child, () => hasExited);
    } catch (err) {
      process.off('exit', killOnExit);
      if (!hasExited) {
        child.kill('SIGKILL');
        await exited;
      }
      if (attempt < 3 && /address already in use/i.test(output)) continue;
      throw new Error(`redis-server did not answer PING on 127.0.0.1:${port}: ${errorText(err)}\nredis output:\n${output.trim()}`, { cause: err });
    }
    log(`redis: listening on 127.0.0.1:${port} (${persistent ? 'append-only file in ' + dir : 'in memory'})`);

    let stopped: Promise<void> | undefined;
    const stop = (): Promise<void> =>
      (stopped ??= (async () => {
        if (!hasExited) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }
        process.off('exit', killOnExit);
      })());
    return { url: `redis://127.0.0.1:${port}`, stop };
  }
}

async function waitForPing(port: number, child: ChildProcess, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + REDIS_READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`redis-server exited (code ${child.exitCode ?? 'null'}, signal ${child.signalCode ?? 'null'})`);
    const client = new Redis({
      host: '127.0.0.1',
      port,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 1000,
      // After a refused connection ioredis keeps a timer of this length alive.
      disconnectTimeout: 100,
    });
    client.on('error', () => undefined); // reported through the rejected connect() instead
    try {
      await client.connect();
      const answer = await client.ping();
      await client.quit();
      if (answer === 'PONG') return;
      lastError = new Error(`PING answered ${String(answer)}`);
    } catch (err) {
      lastError = err;
      client.disconnect();
    }
    await sleep(50);
  }
  throw new Error(`timed out after ${REDIS_READY_TIMEOUT_MS} ms (${errorText(lastError)})`);
}

/** Two Redis servers appending to one file would corrupt it: end one left over from a crash. */
async function clearStaleRedis(pidFile: string, log: (m: string) => void): Promise<void> {
  const pid = readPid(pidFile);
  if (pid === undefined) return;
  if (isProcessNamed(pid, 'redis-server')) {
    log(`redis: stopping orphaned server ${pid}`);
    process.kill(pid, 'SIGTERM');
    if (!(await waitUntil(() => !isAlive(pid), ORPHAN_STOP_TIMEOUT_MS))) {
      throw new Error(`An orphaned redis-server (pid ${pid}) uses ${dirname(pidFile)} and did not stop; stop it and retry.`);
    }
  }
  await unlink(pidFile).catch(() => undefined);
}
