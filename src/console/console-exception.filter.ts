import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../common/database-unavailable.js';
import { DomainError } from '../common/domain-error.js';
import { SignInRequired } from './console-auth.guard.js';
import { ConsoleRenderer } from './console-renderer.js';
import type { ConsoleRequest } from './console-session.js';

const TITLES: Record<number, string> = {
  400: 'There is a problem with the request',
  403: 'You cannot do that',
  404: 'Page not found',
  409: 'Someone got there first',
  422: 'There is a problem',
  503: 'The service is briefly unavailable',
};

/** Console errors as pages, not JSON: no session sends the browser to sign in; a refusal shows
 *  the same message the API would give, with the same status. */
@Catch()
export class ConsoleExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ConsoleExceptionFilter');

  constructor(private readonly renderer: ConsoleRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request & ConsoleRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof SignInRequired) {
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `/console/sign-in${next}`);
      return;
    }
    let status = 500;
    let message = 'Something went wrong on our side. The error has been logged.';
    let issues: { field: string; message: string }[] = [];
    if (isDatabaseUnavailable(exception)) {
      status = 503;
      message = 'The database is unavailable just now, probably restarting. Nothing you sent was half-saved: try again in a few seconds.';
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    } else if (exception instanceof DomainError) {
      status = exception.status;
      message = exception.message;
      issues = exception.issues;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      message = status === 404 ? 'There is no page at this address.' : exception.message;
    } else {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    this.renderer.send(req, res, 'error', { title: TITLES[status] ?? 'Sorry, there is a problem', status, message, issues }, status);
  }
}
