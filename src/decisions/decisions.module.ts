import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CcgsModule } from '../ccgs/ccgs.module.js';
import { RulesModule } from '../rules/rules.module.js';
import { DecisionsController } from './decisions.controller.js';
import { documentRendererProvider } from './document-renderer.provider.js';
import { DecisionDocuments } from './decision-documents.service.js';
import { ReviewService } from './review.service.js';

@Module({
  imports: [AuditModule, RulesModule, CcgsModule],
  controllers: [DecisionsController],
  providers: [ReviewService, DecisionDocuments, documentRendererProvider],
  exports: [documentRendererProvider, ReviewService, DecisionDocuments],
})
export class DecisionsModule {}
