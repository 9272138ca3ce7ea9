// npm run bench:soak: one worker process evaluates BENCH_SOAK assessments (100,000) fed in
// batches, with its resident memory sampled throughout; prints start, peak and end RSS. The
// worker's memory should stay flat: nothing may accumulate per job (logs, engines, caches).
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedServices } from '../src/embedded/embedded-services.js';
import { parseEnv } from '../src/config/env.js';
import { applyMigrations, defaultMigrationsDir } from '../src/database/migrator.js';
import { syntheticQualityPremiumFacts } from '../src/demo/quality-premium/synthetic-facts.js';
import { startPipeline, submitAndDrain } from './end-to-end.js';
import { syntheticRegister } from './synthetic-register.js';

const TOTAL = Number(process.env.BENCH_SOAK ?? 100_000);
const BATCH = 5_000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const env = parseEnv();
  // One current decision per (family, subject, period): each batch covers BATCH subjects of a
  // synthetic register once, and supersedes the batch before it, as a national re-evaluation does.
  const register = syntheticRegister(env.CCG_REGISTER, BATCH);
  const facts = syntheticQualityPremiumFacts(register.ccgs, 10);
  const items = register.ccgs.map((c) => ({ family: 'quality-premium', subject: c.odsCode, period: '2013/14', facts: facts.get(c.odsCode) }));
  const dataDir = mkdtempSync(join(tmpdir(), 'ccg-soak-'));
  const services = await startEmbeddedServices({ dataDir, persistent: true });
  try {
    await applyMigrations(services.databaseUrl, defaultMigrationsDir());
    const pipeline = await startPipeline(
      { ...env, DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, CCG_REGISTER: register.file },
      1,
      CONCURRENCY,
    );
    const worker = pipeline.processes[0];
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(worker.rss()), 250);
    try {
      // The first batch warms the worker up (code compiled, pools and engines built): RSS from there.
      let ms = await submitAndDrain(pipeline.app, items);
      const start = worker.rss();
      let done = BATCH;
      for (; done < TOTAL; done += BATCH) {
        ms += await submitAndDrain(pipeline.app, items);
        process.stderr.write(`\r${done + BATCH} / ${TOTAL} evaluated, worker RSS ${mib(worker.rss())}   `);
      }
      const end = worker.rss();
      const peak = Math.max(...samples);
      process.stdout.write(
        `\n\nsoak: ${done} assessments through one worker process (concurrency ${CONCURRENCY}), ${((done * 1000) / ms).toFixed(0)} per s\n` +
          `worker RSS after warm-up ${mib(start)}, peak ${mib(peak)}, end ${mib(end)}: end/start ${(end / start).toFixed(2)}, peak/start ${(peak / start).toFixed(2)}\n`,
      );
    } finally {
      clearInterval(sampler);
      await pipeline.close();
    }
  } finally {
    await services.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:soak failed: ${error.stack}\n`);
  process.exit(1);
});
