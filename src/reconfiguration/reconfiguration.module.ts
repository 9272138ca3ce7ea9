import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { DecisionsModule } from '../decisions/decisions.module.js';
import { ReconfigurationController } from './reconfiguration.controller.js';
import { ReconfigurationService } from './reconfiguration.service.js';

/** The proposal timeline and the assurance panel's endpoints (API processes only). */
@Module({
  imports: [AuditModule, DecisionsModule],
  controllers: [ReconfigurationController],
  providers: [ReconfigurationService],
  exports: [ReconfigurationService],
})
export class ReconfigurationModule {}
