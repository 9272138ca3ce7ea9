// End to end on real PostgreSQL and Redis: intake of a batch in this process (the `api` role),
// evaluation in worker processes, timed until every assessment's evaluation, proposed decision
// and audit event have committed. Beside it, the same rules behind bare BullMQ, no database.
import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { AppModule } from '../src/app.module.js';
import { IntakeService } from '../src/assessments/intake.service.js';
import { EVALUATE_JOB, EVALUATION_QUEUE, evaluateJobOptions } from '../src/assessments/evaluation.job.js';
import type { AppConfig } from '../src/config/app-config.js';
import { redisConnection } from '../src/config/redis-connection.js';
import { PrismaService } from '../src/prisma/prisma.service.js';
import { startWorker, waitForWorkers, type WorkerProcess } from './workers.js';

export interface Item {
  family: string;
  subject: string;
  period: string;
  facts: unknown;
}

const BENCH_ACTOR = { name: 'bench', role: 'board' as const };
let prefixes = 0;

/** An API-role application and `workers` worker processes on a queue prefix of their own. */
export async function startPipeline(config: AppConfig, workers: number, concurrency: number) {
  const prefix = `bench${process.pid}x${prefixes++}`;
  const app = await NestFactory.create<INestApplication>(
    AppModule.forRoot({ ...config, ROLE: 'api', LOG_LEVEL: 'silent', RECONCILE_INTERVAL_MS: 0, QUEUE_PREFIX: prefix }),
    { logger: false },
  );
  await app.init();
  const env = {
    DATABASE_URL: config.DATABASE_URL,
    REDIS_URL: config.REDIS_URL,
    QUEUE_PREFIX: prefix,
    WORKER_CONCURRENCY: String(concurrency),
    CCG_REGISTER: config.CCG_REGISTER,
  };
  const processes: WorkerProcess[] = Array.from({ length: workers }, () => startWorker(env));
  await waitForWorkers(app.get<Queue>(getQueueToken(EVALUATION_QUEUE)), workers);
  return {
    app,
    processes,
    close: async () => {
      await Promise.all(processes.map((p) => p.stop()));
      await app.close();
    },
  };
}

/** Submits the items as one batch and waits until the workers have finished every job (a job
 *  finishes only after its rows have committed); returns the wall time in ms. Throws unless every
 *  item ends awaiting review with exactly one evaluation. Completion is heard from BullMQ's
 *  events rather than polled from the database, which would load the server being measured. */
export async function submitAndDrain(app: INestApplication, items: Item[]): Promise<number> {
  const pool = app.get(PrismaService).pool;
  const queue = app.get<Queue>(getQueueToken(EVALUATION_QUEUE));
  const events = new QueueEvents(EVALUATION_QUEUE, { connection: queue.opts.connection, prefix: queue.opts.prefix });
  await events.waitUntilReady();
  try {
    let finished = 0;
    let failure: string | undefined;
    const done = new Promise<void>((resolve) => {
      const count = () => {
        if (++finished === items.length) resolve();
      };
      events.on('completed', count);
      events.on('failed', ({ failedReason }) => {
        failure ??= failedReason;
        count();
      });
    });
    const start = performance.now();
    const results = await app.get(IntakeService).submitBatch(items, BENCH_ACTOR);
    const rejected = results.find((r) => r.status !== 'queued');
    if (rejected) throw new Error(`bench: intake refused an item: ${JSON.stringify(rejected)}`);
    await done;
    const ms = performance.now() - start;
    if (failure) throw new Error(`bench: an evaluation failed: ${failure}`);
    const ids = results.map((r) => r.id);
    const { rows } = await pool.query<{ done: string; evaluations: string }>(
      `SELECT count(*) FILTER (WHERE a.status = 'awaiting_review') AS done,
              (SELECT count(*) FROM evaluations e WHERE e.assessment_id = ANY($1::uuid[])) AS evaluations
       FROM assessments a WHERE a.id = ANY($1::uuid[])`,
      [ids],
    );
    if (Number(rows[0].done) !== ids.length || Number(rows[0].evaluations) !== ids.length) {
      throw new Error(`bench: ${rows[0].done} of ${ids.length} awaiting review, ${rows[0].evaluations} evaluations`);
    }
    return ms;
  } finally {
    await events.close();
  }
}

/** Bare BullMQ running `work` per job at `concurrency`, with our job options; jobs per second. */
export async function bareBullmq(redisUrl: string, concurrency: number, n: number, work: (i: number) => Promise<unknown>): Promise<number> {
  const prefix = `bare${process.pid}x${prefixes++}`;
  const connection = redisConnection(redisUrl);
  const queue = new Queue(EVALUATION_QUEUE, { connection, prefix });
  let done = 0;
  let finish = () => undefined as void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker<{ i: number }>(EVALUATION_QUEUE, (job) => work(job.data.i), { connection, prefix, concurrency });
  worker.on('completed', () => {
    if (++done === n) finish();
  });
  try {
    await worker.waitUntilReady();
    const start = performance.now();
    await queue.addBulk(Array.from({ length: n }, (_, i) => ({ name: EVALUATE_JOB, data: { i }, opts: evaluateJobOptions(randomUUID()) })));
    await finished;
    return (n * 1000) / (performance.now() - start);
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}
