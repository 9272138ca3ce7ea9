import { canonicalJson } from '../common/canonical-json.js';

export interface Difference {
  path: string;
  stored: unknown;
  replayed: unknown;
}

/** Every leaf where two JSON values differ, by dotted path (canonical JSON decides equality). */
export function diffJson(stored: unknown, replayed: unknown, path = ''): Difference[] {
  const bothObjects =
    stored && replayed && typeof stored === 'object' && typeof replayed === 'object' && Array.isArray(stored) === Array.isArray(replayed);
  if (!bothObjects) {
    return canonicalJson(stored ?? null) === canonicalJson(replayed ?? null) ? [] : [{ path: path || '(root)', stored, replayed }];
  }
  const a = stored as Record<string, unknown>;
  const b = replayed as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) => diffJson(a[k], b[k], path ? `${path}.${k}` : k));
}
