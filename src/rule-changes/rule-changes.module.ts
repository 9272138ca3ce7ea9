import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CcgsModule } from '../ccgs/ccgs.module.js';
import { RulesModule } from '../rules/rules.module.js';
import { RuleChangesController } from './rule-changes.controller.js';
import { RuleSetDiffService } from './rule-set-diff.service.js';
import { RuleSetProposalsController } from './rule-set-proposals.controller.js';
import { RuleSetProposalsService } from './rule-set-proposals.service.js';
import { SimulationService } from './simulation.service.js';

/** Changes to rules: simulations of a candidate rule set, diffs, and publishing under control (four eyes). */
@Module({
  imports: [AuditModule, RulesModule, CcgsModule],
  controllers: [RuleChangesController, RuleSetProposalsController],
  providers: [SimulationService, RuleSetDiffService, RuleSetProposalsService],
  exports: [SimulationService, RuleSetDiffService, RuleSetProposalsService],
})
export class RuleChangesModule {}
