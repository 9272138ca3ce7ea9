import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { RulesModule } from '../rules/rules.module.js';
import type { ProcessRole } from '../config/env.js';
import { SweepsModule } from '../sweeps/sweeps.module.js';
import { BarrierSweepsController } from './barrier-escalation.controller.js';
import { BARRIER_SWEEP_QUEUE } from './sweep.job.js';
import { BarrierSweepProcessor } from './sweep.processor.js';
import { BarrierSweepRequests, BarrierSweepService } from './sweep.service.js';

/** The barrier sweep: requested in API processes (it submits through intake), run by workers. */
@Module({})
export class BarrierEscalationModule {
  static forRole(role: ProcessRole): DynamicModule {
    const api = role === 'api' || role === 'all';
    const worker = role === 'worker' || role === 'all';
    return {
      module: BarrierEscalationModule,
      imports: [BullModule.registerQueue({ name: BARRIER_SWEEP_QUEUE }), SweepsModule, RulesModule],
      controllers: api ? [BarrierSweepsController] : [],
      providers: [BarrierSweepService, ...(api ? [BarrierSweepRequests] : []), ...(worker ? [BarrierSweepProcessor] : [])],
      exports: [BarrierSweepService, ...(api ? [BarrierSweepRequests] : [])],
    };
  }
}
