import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '../common/canonical-json.js';

export const API_ROLES = ['board', 'panel', 'auditor', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** A new key: `ccg_<role>_<43 chars of randomness>`. Keys carry 256 bits of entropy, so a plain
 *  sha256 is a safe way to store them (no slow hash needed, unlike passwords). */
export function generateApiKey(role: ApiRole): { id: string; key: string; keyHash: string; prefix: string } {
  const key = `ccg_${role}_${randomBytes(32).toString('base64url')}`;
  return { id: randomUUID(), key, keyHash: hashApiKey(key), prefix: key.slice(0, 16) };
}

export function hashApiKey(key: string): string {
  return sha256Hex(key);
}
