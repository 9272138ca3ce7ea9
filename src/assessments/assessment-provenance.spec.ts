import { DomainError } from '../common/domain-error.js';
import { parseOrThrow } from '../common/validation.js';
import { assessmentRequestSchema } from './assessment.schemas.js';

const request = (extra: Record<string, unknown> = {}) => ({ family: 'quality-premium', subject: '00C', period: '2013/14', facts: {}, ...extra });

function refusal(body: unknown): DomainError {
  try {
    parseOrThrow(assessmentRequestSchema, body);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('provenance at intake (the assessment says where its facts come from)', () => {
  it('is a real submission unless the request says otherwise', () => {
    expect(parseOrThrow(assessmentRequestSchema, request()).provenance).toBe('submitted');
  });

  it('accepts the synthetic and sample labels', () => {
    expect(parseOrThrow(assessmentRequestSchema, request({ provenance: 'synthetic' })).provenance).toBe('synthetic');
    expect(parseOrThrow(assessmentRequestSchema, request({ provenance: 'sample' })).provenance).toBe('sample');
  });

  it('refuses any other provenance with a 422 naming the field', () => {
    const e = refusal(request({ provenance: 'guessed' }));
    expect(e.status).toBe(422);
    expect(e.issues.map((i) => i.field)).toEqual(['provenance']);
  });
});
