import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ConsoleSessionsService } from './console-sessions.service.js';

/** Sessions on their own, so the queue dashboard's middleware can use them too. */
@Module({ imports: [AuditModule], providers: [ConsoleSessionsService], exports: [ConsoleSessionsService] })
export class ConsoleSessionsModule {}
