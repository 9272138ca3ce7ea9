import { DynamicModule, Module } from '@nestjs/common';
import type { ProcessRole } from '../config/env.js';
import { AuditModule } from '../audit/audit.module.js';
import { CcgsModule } from '../ccgs/ccgs.module.js';
import { DecisionsModule } from '../decisions/decisions.module.js';
import { RulesModule } from '../rules/rules.module.js';
import { AssessmentsController } from './assessments.controller.js';
import { AssessmentsService } from './assessments.service.js';
import { EvaluationQueueModule } from './evaluation-queue.module.js';
import { EvaluationProcessor } from './evaluation.processor.js';
import { EvaluationRepository } from './evaluation.repository.js';
import { EvaluationService } from './evaluation.service.js';
import { IntakeService } from './intake.service.js';
import { ReconcilerService } from './reconciler.service.js';

/** Intake and the review queue serve the API; the processor and reconciler run in workers. */
@Module({})
export class AssessmentsModule {
  static forRole(role: ProcessRole): DynamicModule {
    const api = role === 'api' || role === 'all';
    const worker = role === 'worker' || role === 'all';
    return {
      module: AssessmentsModule,
      imports: [EvaluationQueueModule, AuditModule, RulesModule, CcgsModule, DecisionsModule],
      controllers: api ? [AssessmentsController] : [],
      providers: [
        EvaluationService,
        EvaluationRepository,
        ...(api ? [IntakeService, AssessmentsService] : []),
        ...(worker ? [EvaluationProcessor, ReconcilerService] : []),
      ],
      exports: [EvaluationQueueModule, EvaluationService, ...(api ? [IntakeService] : []), ...(worker ? [ReconcilerService] : [])],
    };
  }
}
