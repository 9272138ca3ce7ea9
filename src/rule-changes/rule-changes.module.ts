import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CcgsModule } from '../ccgs/ccgs.module.js';
import { RulesModule } from '../rules/rules.module.js';
import { RuleChangesController } from './rule-changes.controller.js';
import { RuleSetDiffService } from './rule-set-diff.service.js';
import { SimulationService } from './simulation.service.js';

/** Changes to rules before they are made: simulations of a candidate rule set and diffs. */
@Module({
  imports: [AuditModule, RulesModule, CcgsModule],
  controllers: [RuleChangesController],
  providers: [SimulationService, RuleSetDiffService],
  exports: [SimulationService, RuleSetDiffService],
})
export class RuleChangesModule {}
