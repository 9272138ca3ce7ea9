import { Controller, Get, Header, Injectable } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { Public } from '../auth/auth.decorators.js';

/** Process metrics plus the pipeline's own counters, at /metrics for Prometheus. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly evaluations = new Counter({
    name: 'ccg_evaluation_jobs_total',
    help: 'Evaluation jobs by result: evaluated, already-evaluated (a duplicate delivery), missing, error',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly evaluationSeconds = new Histogram({
    name: 'ccg_evaluation_job_seconds',
    help: 'Time one evaluation job takes, database writes included',
    registers: [this.registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
