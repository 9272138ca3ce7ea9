// The child side of worker-process.ts, run as
//   node -r ./test/support/ts-register.cjs test/support/worker-process-main.ts
// with the settings in the environment. It starts the application in the `worker` role exactly as
// src/main.ts does (resolveInfrastructure, startApplication, closeOnSignal), and tells its parent
// over IPC when its BullMQ worker is connected and which jobs it completed. The product keeps no
// per-process trace (the audit actor is one constant, jobId is the assessment id), so this is how
// a test learns which process did which work.
import 'reflect-metadata';
import { EvaluationProcessor } from '../../src/assessments/evaluation.processor.js';
import { closeOnSignal, resolveInfrastructure, startApplication } from '../../src/bootstrap.js';

export type WorkerMessage = { type: 'ready' } | { type: 'completed'; jobId: string; result: string };

function send(message: WorkerMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('worker-process-main.ts reports over IPC: start it through test/support/worker-process.ts');
  // If the test run dies without stopping us, an orphan would keep taking jobs: leave with it.
  process.once('disconnect', () => process.exit(1));
  const infra = await resolveInfrastructure({ ROLE: 'worker' }, (m) => process.stderr.write(`${m}\n`));
  const app = await startApplication(infra.config);
  closeOnSignal(app, infra);
  const worker = app.get(EvaluationProcessor, { strict: false }).worker;
  worker.on('completed', (job, result: unknown) => send({ type: 'completed', jobId: String(job.id), result: String(result) }));
  await worker.waitUntilReady();
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  process.stderr.write(`worker process failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
