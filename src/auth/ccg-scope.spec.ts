import { Controller, Get, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/domain-error.js';
import type { Actor } from './actor.js';
import { keyCcgProblem } from './api-key.js';
import { ApiKeyGuard } from './api-key.guard.js';
import type { ApiKeysService } from './api-keys.service.js';
import { CcgScoped, Roles } from './auth.decorators.js';
import { boundCcg, maySee, seeOrNotFound } from './ccg-scope.js';

const ccg: Actor = { name: 'ccg-00C', role: 'ccg', ccgCode: '00C' };
const board: Actor = { name: 'board', role: 'board' };

describe('a key bound to a CCG', () => {
  it('is required for ccg keys and refused for every other role', () => {
    expect(keyCcgProblem('ccg', undefined)).toMatch(/must name/);
    expect(keyCcgProblem('ccg', '00C')).toBeUndefined();
    for (const role of ['board', 'panel', 'auditor', 'admin'] as const) {
      expect(keyCcgProblem(role, undefined)).toBeUndefined();
      expect(keyCcgProblem(role, '00C')).toMatch(/only a ccg key/);
    }
  });

  it('sees its own CCG only; other roles see every CCG', () => {
    expect(boundCcg(ccg)).toBe('00C');
    expect(boundCcg(board)).toBeUndefined();
    expect(maySee(ccg, '00c')).toBe(true);
    expect(maySee(ccg, '99E')).toBe(false);
    expect(maySee(board, '99E')).toBe(true);
    expect(() => seeOrNotFound(board, '99E')).not.toThrow();
    expect(() => seeOrNotFound(ccg, '99E')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: 'CCG "99E" not found' }));
    // Without its code a ccg actor sees nothing, rather than everything.
    expect(() => boundCcg({ name: 'x', role: 'ccg' })).toThrow(DomainError);
  });
});

@Controller('x')
class Routes {
  @Get('open')
  open() {}

  @Get('scoped')
  @CcgScoped()
  scoped() {}

  @Get('write')
  @Roles('board', 'ccg')
  @CcgScoped()
  write() {}

  @Get('board-write')
  @Roles('board')
  boardWrite() {}
}

describe('ApiKeyGuard and the ccg role', () => {
  const guardFor = (actor: Actor) => new ApiKeyGuard(new Reflector(), { resolve: async () => actor } as unknown as ApiKeysService);
  const context = (handler: keyof Routes, method = 'GET'): ExecutionContext => {
    const req = { method, path: `/x/${handler}`, headers: { authorization: 'Bearer k' } };
    return {
      getType: () => 'http',
      // The guard reads metadata off the handler function; it never calls it.
      // eslint-disable-next-line @typescript-eslint/unbound-method
      getHandler: () => Routes.prototype[handler],
      getClass: () => Routes,
      switchToHttp: () => ({ getRequest: () => req }),
    } as unknown as ExecutionContext;
  };
  const outcome = async (actor: Actor, handler: keyof Routes, method?: string) => {
    try {
      return await guardFor(actor).canActivate(context(handler, method));
    } catch (error) {
      return (error as DomainError).code;
    }
  };

  it('answers 404 to a ccg key on every route that does not narrow to its CCG', async () => {
    expect(await outcome(ccg, 'open')).toBe('NOT_FOUND');
    expect(await outcome(ccg, 'open', 'POST')).toBe('NOT_FOUND');
    expect(await outcome(ccg, 'boardWrite', 'POST')).toBe('NOT_FOUND');
  });

  it('lets it through where the route opts in, roles still applying', async () => {
    expect(await outcome(ccg, 'scoped')).toBe(true);
    expect(await outcome(ccg, 'write', 'POST')).toBe(true);
    expect(await outcome(ccg, 'scoped', 'POST')).toBe('FORBIDDEN'); // a write without ccg in its roles
  });

  it('leaves the other roles as they were', async () => {
    expect(await outcome(board, 'open')).toBe(true);
    expect(await outcome(board, 'scoped')).toBe(true);
    expect(await outcome(board, 'open', 'POST')).toBe('FORBIDDEN');
    expect(await outcome(board, 'boardWrite', 'POST')).toBe(true);
  });
});
