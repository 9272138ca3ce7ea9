import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../common/domain-error.js';
import { ApiKeysService } from './api-keys.service.js';
import type { ApiRole } from './api-key.js';
import { CCG_SCOPED_KEY, PUBLIC_KEY, ROLES_KEY, type AuthenticatedRequest } from './auth.decorators.js';

const READ_METHODS = new Set(['GET', 'HEAD']);

/** `Authorization: Bearer <key>` on every route but the public ones. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new DomainError('UNAUTHENTICATED', 'missing or malformed Authorization header (expected "Bearer <api key>")');
    const actor = await this.keys.resolve(match[1]);
    if (!actor) throw new DomainError('UNAUTHENTICATED', 'unknown or revoked API key');
    req.actor = actor;
    // A ccg key is refused everywhere but the routes that narrow to its CCG, and refused as not
    // found (not forbidden), so nothing answers differently for another CCG's data or none.
    if (actor.role === 'ccg' && !this.reflector.getAllAndOverride<boolean>(CCG_SCOPED_KEY, targets)) {
      throw new DomainError('NOT_FOUND', `${req.method} ${req.path}: not found`);
    }

    const roles = this.reflector.getAllAndOverride<ApiRole[] | undefined>(ROLES_KEY, targets);
    const allowed = roles ?? (READ_METHODS.has(req.method) ? undefined : (['admin'] as ApiRole[]));
    if (allowed && !allowed.includes(actor.role as ApiRole)) {
      throw new DomainError('FORBIDDEN', `role "${actor.role}" may not ${req.method} ${req.path} (allowed: ${allowed.join(', ')})`);
    }
    return true;
  }
}
