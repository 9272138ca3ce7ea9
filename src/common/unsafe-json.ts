import type { FieldIssue } from './domain-error.js';

/*
 * What no request may carry into the service, whatever its route: checked once on every parsed
 * body, query and path parameter (see safe-input.ts), before any schema or database sees them.
 */

/** Keys that could reach an object's prototype when a body is merged or copied. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether `key` is one that could reach an object's prototype (for input that is not JSON). */
export const isForbiddenKey = (key: string): boolean => FORBIDDEN_KEYS.has(key);

/** Far deeper than any body the API takes (a batch item's measure values sit 5 levels down),
 *  and shallow enough that no later recursive walk (zod, canonical JSON) can exhaust the stack. */
export const MAX_JSON_DEPTH = 32;

/** NUL, which PostgreSQL refuses in text and jsonb, and a UTF-16 surrogate without its pair,
 *  which is no character: jsonb refuses it and it cannot be written as UTF-8. */
// eslint-disable-next-line no-control-regex -- finding NUL is this pattern's purpose
const NUL = /\u0000/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
const UNPRINTABLE = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function stringProblem(s: string): string | undefined {
  if (NUL.test(s)) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(s)) return 'contains an unpaired UTF-16 surrogate, which is not text';
  return undefined;
}

/** A key as it is shown in a field path: control characters and lone surrogates escaped, long keys cut. */
function shown(key: string): string {
  const escaped = key.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > 64 ? `${escaped.slice(0, 64)}…` : escaped;
}

const child = (path: string, key: string): string => (path ? `${path}.${shown(key)}` : shown(key));

interface Pending {
  value: unknown;
  path: string;
  depth: number;
  key?: string;
}

/**
 * The first value, in document order, that the service must refuse: a key that could reach a
 * prototype, a string PostgreSQL cannot store (in a key or a value), a number that is not finite
 * (`1e309` parses as Infinity) or nesting deeper than MAX_JSON_DEPTH. Iterative, with a stack of
 * its own, so input of any depth is walked without recursion. `prefix` starts every path.
 */
export function findUnsafeValue(value: unknown, prefix = ''): FieldIssue | undefined {
  const stack: Pending[] = [{ value, path: prefix, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value: v, path, depth, key } = next;
    const field = path || '(body)';
    if (key !== undefined) {
      if (FORBIDDEN_KEYS.has(key)) return { field, message: 'forbidden key' };
      const problem = stringProblem(key);
      if (problem) return { field, message: `this key ${problem}` };
    }
    if (typeof v === 'string') {
      const problem = stringProblem(v);
      if (problem) return { field, message: problem };
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { field, message: 'a number beyond the range of a double (about ±1.8e308)' };
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_JSON_DEPTH) return { field, message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
      // Pushed last to first, so the first child is walked first.
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: child(path, String(i)), depth: depth + 1 });
      } else {
        const keys = Object.keys(v);
        for (let i = keys.length - 1; i >= 0; i--) {
          stack.push({ value: (v as Record<string, unknown>)[keys[i]], path: child(path, keys[i]), depth: depth + 1, key: keys[i] });
        }
      }
    }
  }
  return undefined;
}

/** PostgreSQL's largest integer (int8): every integer the API reads from a query string (page,
 *  pageSize, limit, afterSeq) ends up compared with a column or passed as a parameter. */
const INT8_MAX = 9223372036854775807n;

/** The first query value that is a whole number beyond int8, which the database would refuse. */
export function findOversizedInteger(query: unknown, prefix: string): FieldIssue | undefined {
  const entries: [string, unknown][] = query !== null && typeof query === 'object' ? Object.entries(query) : [['', query]];
  for (const [key, raw] of entries) {
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      const digits = typeof v === 'string' ? v.trim() : '';
      if (!/^[+-]?\d{19,}$/.test(digits)) continue;
      const n = BigInt(digits);
      if (n > INT8_MAX || n < -INT8_MAX - 1n) {
        return { field: key ? child(prefix, key) : prefix, message: `an integer beyond ±${INT8_MAX}, the largest the service takes` };
      }
    }
  }
  return undefined;
}
