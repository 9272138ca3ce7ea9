// The application in the `worker` role as a separate OS process (see worker-process-main.ts), for
// tests of scale-out and crashes that an in-process app cannot show: a SIGKILL ends everything at
// once, with no shutdown hook, no final seal and no lock released.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startTestApp, type TestApp } from './test-app.js';
import type { WorkerMessage } from './worker-process-main.js';

const root = join(__dirname, '..', '..');

/** Settings of the child, as environment variables (see src/config/env.ts). */
export interface WorkerProcessSettings {
  DATABASE_URL: string;
  REDIS_URL: string;
  QUEUE_PREFIX: string;
  WORKER_CONCURRENCY?: number;
  /** 0 (the default here) turns the reconciler off. */
  RECONCILE_INTERVAL_MS?: number;
  RECONCILE_GRACE_MS?: number;
  /** `warn` unless a test wants to read the worker's log lines. */
  LOG_LEVEL?: string;
  /** Another rules directory (a test of what start-up refuses). */
  RULES_DIR?: string;
}

export interface WorkerProcess {
  pid: number;
  /** Ids of the jobs this process ran to the result 'evaluated' (it wrote the evaluation). */
  evaluated: Set<string>;
  /** What the child printed so far, for failure messages. */
  output(): string;
  /** SIGTERM (graceful: active jobs finish) and wait for exit. */
  stop(timeoutMs?: number): Promise<Exit>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<Exit>;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const live = new Set<ChildProcess>();
// Last resort if a test file ends without afterAll (the child also leaves when its IPC channel closes).
process.once('exit', () => live.forEach((c) => c.kill('SIGKILL')));

/** Starts a worker process and resolves once its BullMQ worker is connected. */
export function startWorkerProcess(settings: WorkerProcessSettings, readyTimeoutMs = 60_000): Promise<WorkerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, ROLE: 'worker', LOG_LEVEL: 'warn', RECONCILE_INTERVAL_MS: '0' };
  for (const [k, v] of Object.entries(settings)) if (v !== undefined) env[k] = String(v);
  const child = spawn(
    process.execPath,
    ['-r', join(root, 'test', 'support', 'ts-register.cjs'), join(root, 'test', 'support', 'worker-process-main.ts')],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  live.add(child);
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<Exit>((done) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      done({ code, signal });
    }),
  );
  const evaluated = new Set<string>();
  const end = async (signal: NodeJS.Signals, timeoutMs: number): Promise<Exit> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  const handle: WorkerProcess = {
    pid: child.pid ?? -1,
    evaluated,
    output: () => output,
    stop: (timeoutMs = 30_000) => end('SIGTERM', timeoutMs),
    kill: () => end('SIGKILL', 5_000),
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void handle.kill();
      reject(new Error(`worker process not ready after ${readyTimeoutMs} ms\n${output}`));
    }, readyTimeoutMs);
    child.on('error', (error) => {
      output += `\n${error.message}`;
      reject(error);
    });
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'completed' && m.result === 'evaluated') {
        evaluated.add(m.jobId);
      } else if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(handle);
      }
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`worker process exited (${exit.code ?? exit.signal}) before it was ready\n${output}`));
    });
  });
}

/** Kills every worker process still running (for afterAll, and after a failed test). */
export async function killWorkerProcesses(): Promise<void> {
  await Promise.all(
    [...live].map(
      (c) =>
        new Promise<void>((done) => {
          c.once('exit', () => done());
          if (!c.kill('SIGKILL') || c.exitCode !== null || c.signalCode !== null) done();
        }),
    ),
  );
}

/** An API-role application for the test file (started before its tests, closed after them,
 *  with any worker processes still running), and the settings that put worker processes on its
 *  database, Redis and queue prefix. Read both inside a test: they exist once beforeAll has run. */
export function apiBesideWorkerProcesses(): { api: TestApp; settings: WorkerProcessSettings } {
  const harness = {} as { api: TestApp; settings: WorkerProcessSettings };
  beforeAll(async () => {
    harness.api = await startTestApp({ config: { ROLE: 'api' } });
    const { DATABASE_URL, REDIS_URL, QUEUE_PREFIX } = harness.api.config;
    harness.settings = { DATABASE_URL, REDIS_URL, QUEUE_PREFIX };
  });
  afterAll(async () => {
    await killWorkerProcesses();
    await harness.api?.close();
  });
  return harness;
}
