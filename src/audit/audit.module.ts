import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditSequencer } from './audit-sequencer.js';
import { AuditService } from './audit.service.js';

@Module({ controllers: [AuditController], providers: [AuditService, AuditSequencer], exports: [AuditService, AuditSequencer] })
export class AuditModule {}
