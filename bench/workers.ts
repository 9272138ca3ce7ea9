// Worker processes for the end-to-end benchmarks: the real build, started in the `worker` role
// as separate OS processes on the bench's PostgreSQL and Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Queue } from 'bullmq';

export interface WorkerProcess {
  child: ChildProcess;
  /** Resident set size in bytes, read from /proc. */
  rss(): number;
  stop(): Promise<void>;
}

export function startWorker(env: Record<string, string>): WorkerProcess {
  // BENCH_WORKER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=prof", profiles the worker processes.
  const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(__dirname, '..', 'src', 'main.js'), 'worker'], {
    env: { ...process.env, RECONCILE_INTERVAL_MS: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    rss: () => {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return kb ? Number(kb[1]) * 1024 : 0;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Waits until `count` workers are connected to the queue (BullMQ names its worker connections). */
export async function waitForWorkers(queue: Queue, count: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await queue.getWorkers()).length < count) {
    if (Date.now() > deadline) throw new Error(`bench: ${count} worker process(es) did not connect within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
