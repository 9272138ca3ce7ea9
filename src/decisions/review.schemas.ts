import { z } from 'zod';

export const confirmSchema = z.object({ note: z.string().trim().max(2000).optional() }).strict();

/** An override always says why; `outcome` is checked by the family's own override schema. */
export const overrideSchema = z
  .object({
    reason: z.string().trim().min(10, 'give a reason of at least 10 characters').max(4000),
    outcome: z.record(z.string(), z.unknown()),
  })
  .strict();
