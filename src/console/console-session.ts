import { timingSafeEqual } from 'node:crypto';
import type { Actor } from '../auth/actor.js';
import type { ApiRole } from '../auth/api-key.js';

/** A signed-in console user, as the guard puts it on the request. */
export interface ConsoleSession {
  tokenHash: string;
  apiKeyId: string;
  actor: Actor;
  role: ApiRole;
  csrfToken: string;
  expiresAt: Date;
}

export interface ConsoleRequest {
  actor?: Actor;
  consoleSession?: ConsoleSession;
}

/** Eight hours: a working day; signing in again needs only the key. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** A claim lasts long enough to read an assessment and decide, then frees the item again. */
export const CLAIM_TTL_MS = 30 * 60 * 1000;

export function sameToken(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What each role may do in the console. Auditors read everything and change nothing; panel
 *  members read proposals and judge and issue what a panel issues; Board staff (and admins) work
 *  the queue; admins operate. */
export const CAN = {
  everyone: ['board', 'panel', 'auditor', 'admin'] as ApiRole[],
  review: ['board', 'admin'] as ApiRole[],
  panel: ['panel', 'admin'] as ApiRole[],
  replay: ['board', 'panel', 'auditor', 'admin'] as ApiRole[],
  admin: ['admin'] as ApiRole[],
};
