import { z } from 'zod';
import { DomainError, type ErrorCode, type FieldIssue } from './domain-error.js';
import { findUnsafeValue } from './unsafe-json.js';

const NO_QUERY = z.strictObject({});

export function zodIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = [...issue.path.map(String), ...(keys.length === 1 ? keys : [])];
    const field = [prefix, ...path].filter(Boolean).join('.') || prefix || '(body)';
    return { field, message: issue.message };
  });
}

/** Parses with a schema or throws a DomainError naming every bad field. Input that did not come
 *  through HTTP (import files, the CLI) gets the same checks as a request body here. A bad query
 *  string is a malformed request (400) on every route; a bad body is unprocessable (422). */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix = '',
  code: ErrorCode = prefix === 'query' ? 'BAD_REQUEST' : 'UNPROCESSABLE',
): z.infer<S> {
  const unsafe = findUnsafeValue(value, prefix);
  if (unsafe) throw DomainError.invalid([unsafe], 'BAD_REQUEST');
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw DomainError.invalid(zodIssues(parsed.error, prefix), code);
  return parsed.data;
}

/** For a list route that takes no query string: any parameter is refused (400) naming it, as the
 *  routes with filters refuse one they do not know, rather than being silently ignored. */
export function noQuery(query: Record<string, unknown>): void {
  parseOrThrow(NO_QUERY, query ?? {}, 'query');
}
