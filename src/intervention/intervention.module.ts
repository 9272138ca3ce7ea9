import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { EvaluationQueueModule } from '../assessments/evaluation-queue.module.js';
import { AuditModule } from '../audit/audit.module.js';
import type { ProcessRole } from '../config/env.js';
import { DecisionsModule } from '../decisions/decisions.module.js';
import { RulesModule } from '../rules/rules.module.js';
import { SweepsModule } from '../sweeps/sweeps.module.js';
import { InterventionController, InterventionPrinciplesController } from './intervention.controller.js';
import { InterventionService } from './intervention.service.js';
import { SWEEP_QUEUE } from './sweep.job.js';
import { SweepProcessor } from './sweep.processor.js';
import { SweepService } from './sweep.service.js';

/** The intervention family's own endpoints (dashboard, sweeps, principles) for api processes,
 *  and the quarterly sweep's processor and schedule for workers. */
@Module({})
export class InterventionModule {
  static forRole(role: ProcessRole): DynamicModule {
    const api = role === 'api' || role === 'all';
    const worker = role === 'worker' || role === 'all';
    return {
      module: InterventionModule,
      imports: [BullModule.registerQueue({ name: SWEEP_QUEUE }), EvaluationQueueModule, AuditModule, RulesModule, DecisionsModule, SweepsModule],
      controllers: api ? [InterventionController, InterventionPrinciplesController] : [],
      providers: [InterventionService, SweepService, ...(worker ? [SweepProcessor] : [])],
      exports: [InterventionService, SweepService],
    };
  }
}
