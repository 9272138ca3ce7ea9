import { z } from 'zod';

/** An amendment names the issued decision it replaces and says why (every way of issuing takes it). */
export const amendment = {
  amends: z.uuid().optional(),
  amendReason: z.string().trim().min(10, 'give a reason of at least 10 characters').max(4000).optional(),
};
export const amendReasonWithAmends = (body: { amends?: string; amendReason?: string }) => body.amends === undefined || body.amendReason !== undefined;
export const amendReasonMissing = { message: 'an amendment says why it replaces the decision that stands', path: ['amendReason'] };

export const confirmSchema = z
  .object({ note: z.string().trim().max(2000).optional(), ...amendment })
  .strict()
  .refine(amendReasonWithAmends, amendReasonMissing);

/** An override always says why; `outcome` is checked by the family's own override schema. */
export const overrideSchema = z
  .object({
    reason: z.string().trim().min(10, 'give a reason of at least 10 characters').max(4000),
    outcome: z.record(z.string(), z.unknown()),
    ...amendment,
  })
  .strict()
  .refine(amendReasonWithAmends, amendReasonMissing);
