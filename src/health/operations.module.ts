import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EVALUATION_QUEUE } from '../assessments/evaluation.job.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.js';

@Module({
  imports: [TerminusModule, BullModule.registerQueue({ name: EVALUATION_QUEUE })],
  controllers: [HealthController, MetricsController],
})
export class OperationsModule {}
