import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor } from './actor.js';
import type { ApiRole } from './api-key.js';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** No key needed (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The roles allowed to call a route. Reads (GET) without it are open to every role. Writes
 *  without it are admin-only, so a forgotten decorator fails closed. */
export const Roles = (...roles: ApiRole[]) => SetMetadata(ROLES_KEY, roles);

export interface AuthenticatedRequest {
  actor?: Actor;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});
