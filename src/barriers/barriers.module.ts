import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { BarriersController, MandateController, NationalIssuesController } from './barriers.controller.js';
import { BarriersService } from './barriers.service.js';

/** National barriers CCGs record and the Board answers (API processes only). */
@Module({
  imports: [AuditModule],
  controllers: [BarriersController, NationalIssuesController, MandateController],
  providers: [BarriersService],
  exports: [BarriersService],
})
export class BarriersModule {}
