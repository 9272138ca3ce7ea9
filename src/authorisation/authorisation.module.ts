import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import type { ProcessRole } from '../config/env.js';
import { RulesModule } from '../rules/rules.module.js';
import { AuthorisationController } from './authorisation.controller.js';
import { AuthorisationService } from './authorisation.service.js';
import { CriteriaCatalogues } from './criteria-catalogues.provider.js';
import { REVIEW_DUE_QUEUE } from './review-due.job.js';
import { ReviewDueProcessor } from './review-due.processor.js';
import { ReviewScheduleService } from './review-schedule.service.js';

/** The authorisation register: its routes in API processes; the scheduled condition reviews
 *  (their own queue, rebuilt from the database at start-up) in workers. */
@Module({})
export class AuthorisationModule {
  static forRole(role: ProcessRole): DynamicModule {
    const api = role === 'api' || role === 'all';
    const worker = role === 'worker' || role === 'all';
    return {
      module: AuthorisationModule,
      imports: [BullModule.registerQueue({ name: REVIEW_DUE_QUEUE }), AuditModule, RulesModule],
      controllers: api ? [AuthorisationController] : [],
      providers: [AuthorisationService, CriteriaCatalogues, ...(worker ? [ReviewScheduleService, ReviewDueProcessor] : [])],
      exports: [AuthorisationService, ...(worker ? [ReviewScheduleService] : [])],
    };
  }
}
