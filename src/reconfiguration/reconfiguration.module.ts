import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ConsoleCoreModule } from '../console/console-core.module.js';
import { DecisionsModule } from '../decisions/decisions.module.js';
import { ProposalsPagesController } from './console/proposals-pages.controller.js';
import { ReconfigurationController } from './reconfiguration.controller.js';
import { ReconfigurationService } from './reconfiguration.service.js';

/** The proposal timeline and the assurance panel's endpoints and console pages (API processes only). */
@Module({
  imports: [AuditModule, DecisionsModule, ConsoleCoreModule],
  controllers: [ReconfigurationController, ProposalsPagesController],
  providers: [ReconfigurationService],
  exports: [ReconfigurationService],
})
export class ReconfigurationModule {}
