/** Every refusal the service can give, with the HTTP status it maps to. Domain code throws
 *  DomainError; one filter turns it into a response (see http-exception.filter.ts). */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  /** An issued decision already stands for this family, subject and period: amend it instead. */
  DECISION_STANDS: 409,
  /** A newer assessment of the same family, subject and period superseded this one. */
  SUPERSEDED: 409,
  /** The decision was issued already: it can be read, or amended by a new decision, not issued again. */
  ALREADY_ISSUED: 409,
  /** An assurance report needs a recorded panel judgement on every applicable test first. */
  JUDGEMENTS_MISSING: 409,
  /** Nothing to act on yet: the assessment has not been evaluated (or is no longer awaiting review). */
  NOT_READY: 409,
  /** Another reviewer holds the claim on this assessment, or the caller holds none. */
  CLAIMED: 409,
  /** What stands changed while this request was being served: try again. */
  CHANGED_MEANWHILE: 409,
  /** An Idempotency-Key reused with a different request, or one key twice in a batch. */
  DUPLICATE: 409,
  /** Checkpoints need a key that is not configured. */
  NOT_CONFIGURED: 409,
  /** The family's decisions are not issued this way (e.g. a panel issues them, or they cannot be overridden). */
  ISSUE_MODE: 409,
  PAYLOAD_TOO_LARGE: 413,
  /** A body the route does not read: the API takes JSON. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_FACTS: 422,
  UNPROCESSABLE: 422,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldIssue {
  /** Dotted path of the field, e.g. `facts.measures.N2.value`. */
  field: string;
  message: string;
}

/** The path parameter naming each kind of thing a route looks up by something other than `id`. */
const PATH_PARAMETER: Record<string, string> = {
  CCG: 'code',
  proposal: 'ref',
  barrier: 'ref',
  'national issue': 'ref',
  'rule set': 'hash',
};

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** `field` defaults to the path parameter that names such a thing (`code` of a CCG, `ref` of a
   *  proposal or barrier, `hash` of a rule set, else `id`), so every 404 names what was not found
   *  alike, whether it does not exist or a ccg key may not see it. */
  static notFound(what: string, id: string, field = PATH_PARAMETER[what] ?? 'id'): DomainError {
    return new DomainError('NOT_FOUND', `${what} "${id}" not found`, [{ field, message: `unknown ${what}` }]);
  }

  static invalid(issues: FieldIssue[], code: ErrorCode = 'UNPROCESSABLE'): DomainError {
    const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
    return new DomainError(code, summary || 'invalid request', issues);
  }
}
