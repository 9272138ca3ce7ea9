import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { EvaluationQueueService } from './evaluation-queue.service.js';
import { EVALUATION_QUEUE } from './evaluation.job.js';

/** The evaluation queue alone, for any module that hands assessments to the workers (intake, a
 *  family's sweep) without starting an evaluation worker of its own. */
@Module({
  imports: [BullModule.registerQueue({ name: EVALUATION_QUEUE })],
  providers: [EvaluationQueueService],
  exports: [EvaluationQueueService],
})
export class EvaluationQueueModule {}
