import { GracefulWorkerHost } from '../common/graceful-worker-host.js';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { ZodError } from 'zod';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../common/database-unavailable.js';
import { DomainError } from '../common/domain-error.js';
import { FamilyDefinitionError, FamilyProblemsError } from '../rules/rule-family.js';
import { Metrics } from '../health/metrics.js';
import { EVALUATION_QUEUE, EVALUATION_WORKER_OPTIONS, type EvaluateJobData } from './evaluation.job.js';
import { EvaluationService, type EvaluationRun } from './evaluation.service.js';

/** Thin glue between BullMQ and EvaluationService. */
@Processor(EVALUATION_QUEUE, EVALUATION_WORKER_OPTIONS)
export class EvaluationProcessor extends GracefulWorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(EvaluationProcessor.name);

  constructor(
    private readonly evaluations: EvaluationService,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
  }

  async process(job: Job<EvaluateJobData>, token?: string): Promise<EvaluationRun> {
    const { assessmentId } = job.data;
    const stopTimer = this.metrics.evaluationSeconds.startTimer();
    try {
      const run = await this.evaluations.evaluate(assessmentId, job.id);
      this.metrics.evaluations.inc({ result: run });
      return run;
    } catch (error) {
      this.metrics.evaluations.inc({ result: 'error' });
      // PostgreSQL away (a restart): nothing is wrong with the assessment, so the job waits and
      // tries again without using up an attempt; an outage longer than the retries would
      // otherwise fail every job in flight.
      if (token && isDatabaseUnavailable(error)) {
        await job.moveToDelayed(Date.now() + DATABASE_RETRY_AFTER_SECONDS * 1000, token);
        this.logger.warn({ msg: 'database unavailable: evaluation postponed', assessmentId, jobId: job.id });
        throw new DelayedError();
      }
      const message = error instanceof Error ? error.message : String(error);
      // Bad stored data, a missing rule set or a broken family definition will not mend by retrying.
      const permanent =
        error instanceof DomainError || error instanceof ZodError || error instanceof FamilyProblemsError || error instanceof FamilyDefinitionError;
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (permanent || lastAttempt) await this.evaluations.markFailed(assessmentId, message, job.id);
      this.logger.warn({ msg: 'evaluation failed', assessmentId, jobId: job.id, attempt: job.attemptsMade + 1, permanent, error: message });
      throw permanent ? new UnrecoverableError(message) : error;
    } finally {
      stopTimer();
    }
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.error({ msg: 'worker error', error: error.message });
  }
}
