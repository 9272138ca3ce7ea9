import { parseOnce } from '../rules/parse-once.js';
import { z } from 'zod';
import { STANDARD_IDS, type StandardId } from './intervention.facts.js';
import { quarterSchema } from './quarter.js';

/** One rung of the ladder as the rule set names it: the decider and templates read these. */
const rung = z.strictObject({
  level: z.number().int().min(0).max(5),
  name: z.string().min(3),
  action: z.string().min(3),
  power: z.string().min(3),
  citation: z.string().min(3),
});

const standard = z.strictObject({
  title: z.string().min(3),
  /** Percentage at or above which the standard is met. */
  threshold: z.number().min(0).max(100),
  citation: z.string().min(3),
});

/** Rule-set-wide numbers of the intervention family: the decider holds none of its own. */
export const interventionParameters = z.object({
  /** The first quarter of the regime: nothing before it is "missing". */
  firstQuarter: quarterSchema,
  /** Levels a CCG comes down per quarter in which no trigger of its current level holds. */
  deEscalationStep: z.number().int().min(1).max(5),
  /** From this level up, a proposal is only ever issued by a human decision in review. */
  humanDecisionFromLevel: z.number().int().min(1).max(5),
  /** A level at or above this in a year is a Quality Premium gateway fact for that year. */
  qualityPremiumGatewayLevel: z.number().int().min(1).max(5),
  standards: z.strictObject(Object.fromEntries(STANDARD_IDS.map((id) => [id, standard])) as Record<StandardId, typeof standard>),
  ladder: z
    .array(rung)
    .length(6)
    .refine((l) => l.every((r, i) => r.level === i), { error: 'the ladder lists levels 0 to 5 in order' }),
  citations: z.record(z.string(), z.string()).default({}),
});

export type InterventionParameters = z.infer<typeof interventionParameters>;

/** A rule set's parameters, parsed once per loaded (frozen) document. */
export function interventionParametersOf(parameters: Record<string, unknown>): InterventionParameters {
  return parseOnce(interventionParameters, parameters);
}
