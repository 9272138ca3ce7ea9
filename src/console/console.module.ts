import { BullBoardModule, type BullBoardModuleOptions } from '@bull-board/nestjs';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { urlencoded } from 'express';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { EVALUATION_QUEUE } from '../assessments/evaluation.job.js';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { CcgsModule } from '../ccgs/ccgs.module.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DecisionsModule } from '../decisions/decisions.module.js';
import { EvaluationsModule } from '../evaluations/evaluations.module.js';
import { RulesModule } from '../rules/rules.module.js';
import { AdminPagesController } from './admin-pages.controller.js';
import { AssessmentPageService } from './assessment-page.service.js';
import { AuditPagesController } from './audit-pages.controller.js';
import { CcgPagesController } from './ccg-pages.controller.js';
import { ClaimsService } from './claims.service.js';
import { ConsoleCoreModule } from './console-core.module.js';
import { ConsoleHomeController } from './console-home.controller.js';
import { ConsoleRulesModule } from './console-rules.module.js';
import { NationalHomeController } from './national-home.controller.js';
import { ConsoleQueueService } from './console-queue.service.js';
import { ConsoleSessionsModule } from './console-sessions.module.js';
import { ConsoleSessionsService } from './console-sessions.service.js';
import { QueuePagesController } from './queue-pages.controller.js';
import { adminDashboardGate, QUEUE_DASHBOARD_ROUTE } from './queue-dashboard.js';
import { ReviewPagesController } from './review-pages.controller.js';
import { refuseFormTextNotUtf8 } from './form-text.js';

// @bull-board/express pins a patch release of @bull-board/api of its own; the classes are the same
// at run time, only their declarations differ.
const ExpressBoard = ExpressAdapter as unknown as BullBoardModuleOptions['adapter'];

/**
 * The review console: server-rendered pages over the services the API uses (review, replay,
 * audit, keys, rules, register), signed in with an API key exchanged for a session. A thin
 * presentation layer: no decision logic lives here. Mounted in `api` and `all` processes.
 */
@Module({
  imports: [
    AuditModule,
    AuthModule,
    RulesModule,
    CcgsModule,
    DecisionsModule,
    EvaluationsModule,
    ConsoleSessionsModule,
    ConsoleCoreModule,
    ConsoleRulesModule,
    BullBoardModule.forRootAsync({
      imports: [ConsoleSessionsModule],
      inject: [ConsoleSessionsService, APP_CONFIG],
      useFactory: (sessions: ConsoleSessionsService, config: AppConfig) => ({
        route: QUEUE_DASHBOARD_ROUTE,
        adapter: ExpressBoard,
        middleware: adminDashboardGate(sessions, config.PUBLIC_ORIGIN),
      }),
    }),
    BullBoardModule.forFeature({ name: EVALUATION_QUEUE, adapter: BullMQAdapter }),
  ],
  controllers: [
    ConsoleHomeController,
    NationalHomeController,
    QueuePagesController,
    ReviewPagesController,
    CcgPagesController,
    AuditPagesController,
    AdminPagesController,
  ],
  providers: [AssessmentsService, ClaimsService, ConsoleQueueService, AssessmentPageService],
})
export class ConsoleModule implements NestModule {
  /** Console forms post urlencoded bodies; the API keeps taking JSON only. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(urlencoded({ extended: false, limit: '100kb', parameterLimit: 200, verify: refuseFormTextNotUtf8 }))
      .forRoutes({ path: 'console/*path', method: RequestMethod.POST });
  }
}
