import { DomainError } from '../common/domain-error.js';
import type { Actor } from './actor.js';

/** The CCG a caller is bound to, or undefined for roles that see every CCG. */
export function boundCcg(actor: Actor): string | undefined {
  if (actor.role !== 'ccg') return undefined;
  // A ccg actor without a code would see nothing rather than everything.
  if (!actor.ccgCode) throw new DomainError('FORBIDDEN', 'this ccg key is bound to no CCG');
  return actor.ccgCode;
}

/** Whether `actor` may see the data of the CCG `odsCode`. */
export const maySee = (actor: Actor, odsCode: string): boolean => {
  const own = boundCcg(actor);
  return own === undefined || own === odsCode.toUpperCase();
};

/** Throws the same 404 an unknown CCG gets when `actor` is bound to another CCG, so a ccg key
 *  cannot tell another CCG's data from none. */
export function seeOrNotFound(actor: Actor, odsCode: string, what = 'CCG', id = odsCode): void {
  if (!maySee(actor, odsCode)) throw DomainError.notFound(what, id);
}
