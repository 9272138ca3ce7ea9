import type { z } from 'zod';

const results = new WeakMap<object, WeakMap<z.ZodType, z.ZodSafeParseResult<unknown>>>();

/**
 * `schema.safeParse(value)`, remembered per (object, schema). For data that belongs to a rule
 * set (its parameters, a rule's event params) and so is the same on every evaluation: traces
 * from a RuleSetRunner carry the rule set's own frozen params objects, so a decider validates
 * them once per process instead of once per evaluation. Anything else (a primitive, an object
 * read back from storage) is simply parsed.
 */
export function safeParseOnce<T>(schema: z.ZodType<T>, value: unknown): z.ZodSafeParseResult<T> {
  if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) return schema.safeParse(value);
  let bySchema = results.get(value);
  if (!bySchema) results.set(value, (bySchema = new WeakMap()));
  let result = bySchema.get(schema) as z.ZodSafeParseResult<T> | undefined;
  if (!result) {
    result = schema.safeParse(value);
    bySchema.set(schema, result);
  }
  return result;
}

/** `schema.parse(value)` through the same memory. */
export function parseOnce<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = safeParseOnce(schema, value);
  if (!result.success) throw result.error;
  return result.data;
}

/** Freezes a JSON value throughout, so that `safeParseOnce` may remember what it parsed. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
