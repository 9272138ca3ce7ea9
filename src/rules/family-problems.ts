import { DomainError, type ErrorCode } from '../common/domain-error.js';
import { FamilyProblemsError } from './rule-family.js';

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
