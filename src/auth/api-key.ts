import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '../common/canonical-json.js';

/** The roles whose keys reach every CCG's data. */
export const API_ROLES = ['board', 'panel', 'auditor', 'admin'] as const;
/** A `ccg` key is bound to one CCG (its ODS code) and reaches only routes marked `@CcgScoped()`,
 *  which narrow to that CCG. Kept out of API_ROLES so that lists of roles meant to see everything
 *  (console permissions, demo keys) cannot take it in by accident. */
export const CCG_ROLE = 'ccg';
export const KEY_ROLES = [...API_ROLES, CCG_ROLE] as const;
export type ApiRole = (typeof KEY_ROLES)[number];

/** A new key: `ccg_<role>_<43 chars of randomness>`. Keys carry 256 bits of entropy, so a plain
 *  sha256 is a safe way to store them (no slow hash needed, unlike passwords). */
export function generateApiKey(role: ApiRole): { id: string; key: string; keyHash: string; prefix: string } {
  const key = `ccg_${role}_${randomBytes(32).toString('base64url')}`;
  return { id: randomUUID(), key, keyHash: hashApiKey(key), prefix: key.slice(0, 16) };
}

export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

/** Why a key's CCG binding is wrong for its role, or undefined: a `ccg` key names exactly one
 *  CCG, and a key of any other role names none (it sees every CCG). */
export function keyCcgProblem(role: ApiRole, ccg: string | undefined): string | undefined {
  if (role === CCG_ROLE && !ccg) return 'a ccg key must name the ODS code of its CCG';
  if (role !== CCG_ROLE && ccg) return `only a ccg key is bound to a CCG; a ${role} key sees every CCG`;
  return undefined;
}
