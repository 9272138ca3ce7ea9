import { z } from 'zod';

/**
 * The bodies the main write routes answer with, as zod schemas: the OpenAPI document shows them,
 * the services type their answers with them, and an e2e test parses real answers with them, so
 * the three cannot drift apart.
 */
export const errorBodySchema = z.strictObject({
  statusCode: z.number().int(),
  /** A code (`INVALID_FACTS`, `DECISION_STANDS`, `ISSUE_MODE` …) or the HTTP error's name. */
  error: z.string(),
  message: z.union([z.string(), z.array(z.string())]),
  issues: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const assessmentAcceptedSchema = z.strictObject({
  id: z.uuid(),
  status: z.literal('queued'),
  links: z.strictObject({ self: z.string() }),
});

export const batchResultSchema = z.strictObject({
  queued: z.number().int(),
  rejected: z.number().int(),
  results: z.array(
    z.strictObject({
      index: z.number().int(),
      id: z.uuid().optional(),
      status: z.enum(['queued', 'rejected']),
      statusCode: z.number().int(),
      message: z.string().optional(),
      issues: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional(),
    }),
  ),
});

export const issuedDecisionSchema = z.strictObject({
  id: z.uuid(),
  status: z.literal('issued'),
  key: z.string(),
  overridden: z.boolean(),
  document: z.string(),
});
export type IssuedDecisionBody = z.infer<typeof issuedDecisionSchema>;
