import { Module } from '@nestjs/common';
import { EvaluationQueueModule } from '../assessments/evaluation-queue.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { SweepRunner } from './sweep-runner.service.js';

/** The quarterly sweep mechanism any family with sweeps imports (intervention, barrier escalation). */
@Module({
  imports: [EvaluationQueueModule, AuditModule],
  providers: [SweepRunner],
  exports: [SweepRunner],
})
export class SweepsModule {}
