import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { ApiRole } from '../auth/api-key.js';
import { CCG_SCOPED_KEY } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ConsoleSessionsService } from './console-sessions.service.js';
import { sameToken, type ConsoleRequest } from './console-session.js';
import { SESSION_COOKIE, readCookies } from './cookies.js';
import { refuseForeignOrigin } from './same-origin.js';

const CONSOLE_ROLES = 'console:roles';

/** Roles allowed on a console route. Pages without it are open to every signed-in role; forms
 *  (POST) without it are admin-only, so a forgotten decorator fails closed. */
export const ConsoleRoles = (...roles: ApiRole[]) => SetMetadata(CONSOLE_ROLES, roles);

/** Thrown when no live session backs a console request; the console filter sends the browser to
 *  the sign-in page. */
export class SignInRequired extends Error {}

/** The console's guard: a live session cookie, a role allowed on the route, and on every form
 *  post an Origin (or Referer) of our own and the session's CSRF token. Console routes are
 *  `@Public()` to the API key guard, so Bearer keys keep working exactly as before on the API. */
@Injectable()
export class ConsoleAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: ConsoleSessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & ConsoleRequest>();
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (!reading) refuseForeignOrigin(req, this.config.PUBLIC_ORIGIN);
    const session = await this.sessions.resolve(readCookies(req)[SESSION_COOKIE]);
    if (!session) throw new SignInRequired();
    req.consoleSession = session;
    req.actor = session.actor;

    const targets = [context.getHandler(), context.getClass()];
    // As on the API: a ccg session finds only the pages that narrow to its CCG (`@CcgScoped()`).
    if (session.role === 'ccg' && !this.reflector.getAllAndOverride<boolean>(CCG_SCOPED_KEY, targets)) {
      throw new DomainError('NOT_FOUND', 'There is no page at this address.');
    }
    const roles = this.reflector.getAllAndOverride<ApiRole[] | undefined>(CONSOLE_ROLES, targets);
    const allowed = roles ?? (reading ? undefined : (['admin'] as ApiRole[]));
    if (allowed && !allowed.includes(session.role)) {
      throw new DomainError('FORBIDDEN', `role "${session.role}" may not ${reading ? 'open' : 'do'} this (allowed: ${allowed.join(', ')})`);
    }
    if (!reading) {
      const presented = (req.body as Record<string, unknown> | undefined)?._csrf;
      if (!sameToken(session.csrfToken, presented)) {
        throw new DomainError('FORBIDDEN', 'the form was missing its security token or it had expired: go back, reload the page and try again');
      }
    }
    return true;
  }
}
