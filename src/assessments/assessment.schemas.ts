import { z } from 'zod';
import type { Provenance } from '../generated/prisma/client.js';

/** Where the facts come from: a real submission, generated (the demo's simulations) or written
 *  to illustrate (the demo's sample proposals). Documents and the console say so. */
export const PROVENANCES = ['submitted', 'synthetic', 'sample'] as const satisfies readonly Provenance[];

/** The envelope of an intake request; `facts` are checked by the family's own schema. */
export const assessmentRequestSchema = z
  .object({
    family: z.string().min(1).max(64),
    subject: z.string().trim().min(1).max(64),
    period: z.string().min(1).max(32),
    provenance: z.enum(PROVENANCES).default('submitted'),
    facts: z.record(z.string(), z.unknown()),
  })
  .strict();

export type AssessmentRequest = z.infer<typeof assessmentRequestSchema>;

export const batchRequestSchema = z.object({ items: z.array(z.unknown()).min(1).max(1000) }).strict();

export const ASSESSMENT_STATUSES = ['queued', 'evaluating', 'awaiting_review', 'decided', 'failed', 'superseded'] as const;

export const queueQuerySchema = z
  .object({
    status: z.enum(ASSESSMENT_STATUSES).optional(),
    family: z.string().optional(),
    subject: z.string().optional(),
    period: z.string().optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
