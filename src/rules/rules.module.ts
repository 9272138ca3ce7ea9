import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { RulesController } from './rules.controller.js';
import { RulesService } from './rules.service.js';
import { PublishedRuleSetsWatcher } from './published-rule-sets.watcher.js';

@Module({
  imports: [AuditModule],
  controllers: [RulesController],
  providers: [RulesService, PublishedRuleSetsWatcher],
  exports: [RulesService, PublishedRuleSetsWatcher],
})
export class RulesModule {}
