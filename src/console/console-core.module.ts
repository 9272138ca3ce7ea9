import { Module } from '@nestjs/common';
import { ConsoleAuthGuard } from './console-auth.guard.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { ConsoleRenderer } from './console-renderer.js';
import { ConsoleSessionsModule } from './console-sessions.module.js';

/**
 * What any console page needs: the renderer, the guard (session, role, CSRF) and the filter that
 * turns refusals into pages. The console imports it, and so can a family with pages of its own,
 * without importing the whole console (which must never import a family's module).
 */
@Module({
  imports: [ConsoleSessionsModule],
  providers: [ConsoleRenderer, ConsoleExceptionFilter, ConsoleAuthGuard],
  exports: [ConsoleRenderer, ConsoleExceptionFilter, ConsoleAuthGuard, ConsoleSessionsModule],
})
export class ConsoleCoreModule {}
