import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { RulesModule } from '../rules/rules.module.js';
import { EvaluationsController } from './evaluations.controller.js';
import { ReplayService } from './replay.service.js';

@Module({ imports: [AuditModule, RulesModule], controllers: [EvaluationsController], providers: [ReplayService], exports: [ReplayService] })
export class EvaluationsModule {}
