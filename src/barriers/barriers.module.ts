import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CcgsModule } from '../ccgs/ccgs.module.js';
import { ConsoleCoreModule } from '../console/console-core.module.js';
import { DecisionsModule } from '../decisions/decisions.module.js';
import { BarriersController, MandateController, NationalIssuesController } from './barriers.controller.js';
import { BarriersService } from './barriers.service.js';
import { BarrierPagesController } from './console/barrier-pages.controller.js';
import { CcgHomeController } from './console/ccg-home.controller.js';
import { BarrierReportsController } from './reports/barrier-reports.controller.js';
import { BarrierReportsService } from './reports/barrier-reports.service.js';
import { BarrierReportPagesController } from './reports/report-pages.controller.js';

/** National barriers CCGs record and the Board answers (API processes only). */
@Module({
  // The console pages: a CCG's own home and the barrier channel for both sides.
  imports: [AuditModule, CcgsModule, DecisionsModule, ConsoleCoreModule],
  controllers: [
    BarriersController,
    NationalIssuesController,
    MandateController,
    BarrierPagesController,
    CcgHomeController,
    BarrierReportsController,
    BarrierReportPagesController,
  ],
  providers: [BarriersService, BarrierReportsService],
  exports: [BarriersService],
})
export class BarriersModule {}
