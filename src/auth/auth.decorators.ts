import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor } from './actor.js';
import type { ApiRole } from './api-key.js';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';
export const CCG_SCOPED_KEY = 'auth:ccg-scoped';

/** No key needed (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The roles allowed to call a route. Reads (GET) without it are open to every role. Writes
 *  without it are admin-only, so a forgotten decorator fails closed. */
export const Roles = (...roles: ApiRole[]) => SetMetadata(ROLES_KEY, roles);

/** Opens a route (API or console) to `ccg` keys and sessions, which every other route answers
 *  404. The handler must narrow what it reads and writes to the caller's CCG (`ccg-scope.ts`).
 *  A write still needs `ccg` in its `@Roles`/`@ConsoleRoles`. */
export const CcgScoped = () => SetMetadata(CCG_SCOPED_KEY, true);

export interface AuthenticatedRequest {
  actor?: Actor;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});
