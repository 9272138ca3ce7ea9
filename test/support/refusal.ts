import { DomainError } from '../../src/common/domain-error.js';

/** The DomainError a call throws (any other outcome fails the test). */
export function refusal(work: () => unknown): DomainError {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('accepted');
}
