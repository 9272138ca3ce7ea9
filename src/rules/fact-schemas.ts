import { z } from 'zod';

/** Schemas deciders check engine facts with, built once: building a zod schema costs more than
 *  using it, and deciders run on every evaluation. */
export const FACT = {
  string: z.string(),
  nonEmptyString: z.string().min(1),
  nullableString: z.string().nullable(),
  isoDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  strings: z.array(z.string()),
  number: z.number(),
  int: z.number().int(),
  positiveInt: z.number().int().positive(),
  level: z.number().int().min(0).max(5),
  boolean: z.boolean(),
} as const;
