import type { z } from 'zod';
import { FamilyProblemsError } from '../rules/rule-family.js';
import { DomainError, type ErrorCode, type FieldIssue } from './domain-error.js';
import { findUnsafeValue } from './unsafe-json.js';

export function zodIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = [...issue.path.map(String), ...(keys.length === 1 ? keys : [])];
    const field = [prefix, ...path].filter(Boolean).join('.') || prefix || '(body)';
    return { field, message: issue.message };
  });
}

/** Parses with a schema or throws a DomainError naming every bad field. Input that did not come
 *  through HTTP (import files, the CLI) gets the same checks as a request body here. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix = '', code: ErrorCode = 'UNPROCESSABLE'): z.infer<S> {
  const unsafe = findUnsafeValue(value, prefix);
  if (unsafe) throw DomainError.invalid([unsafe], 'BAD_REQUEST');
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw DomainError.invalid(zodIssues(parsed.error, prefix), code);
  return parsed.data;
}

/** Runs a family hook, turning its FamilyProblemsError into a 422 naming each field (under
 *  `prefix`: a batch item's, or `outcome` for an override). */
export function withFieldPrefix<T>(prefix: string, work: () => T, code: ErrorCode = 'UNPROCESSABLE'): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof FamilyProblemsError) {
      throw DomainError.invalid(
        error.problems.map((p) => ({ field: [prefix, p.field].filter(Boolean).join('.') || '(body)', message: p.message })),
        code,
      );
    }
    throw error;
  }
}

/** withFieldPrefix for async family callbacks. */
export async function withFieldPrefixAsync<T>(prefix: string, work: () => Promise<T>, code: ErrorCode = 'UNPROCESSABLE'): Promise<T> {
  try {
    return await work();
  } catch (error) {
    return withFieldPrefix(
      prefix,
      () => {
        throw error;
      },
      code,
    );
  }
}
