import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CcgsController } from './ccgs.controller.js';
import { CcgsService } from './ccgs.service.js';

@Module({ imports: [AuditModule], controllers: [CcgsController], providers: [CcgsService], exports: [CcgsService] })
export class CcgsModule {}
