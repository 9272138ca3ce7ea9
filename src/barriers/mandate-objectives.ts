import { z } from 'zod';
import data from './mandate-objectives.json';

/** One objective of the draft mandate (`mandate-objectives.json`, read from the source text and
 *  checked against it by mandate-objectives.spec.ts). Barriers and reports cite them by number. */
export const objectiveSchema = z.strictObject({
  number: z.number().int().positive(),
  title: z.string().min(3),
  text: z.string().min(10),
  items: z.array(z.string().min(3)),
  /** NHS Outcomes Framework domain (1–5) where the mandate ties the objective to one. */
  domain: z.number().int().min(1).max(5).nullable(),
  /** The paragraph it follows: cite as `mandate §<paragraph>`. */
  paragraph: z.string().regex(/^\d+\.\d+$/),
});
export type MandateObjective = z.infer<typeof objectiveSchema>;

const fileSchema = z.strictObject({ source: z.string(), note: z.string(), objectives: z.array(objectiveSchema).min(1) });

/** Parsed once at load: a broken file stops the process at start-up, not a request. */
export const MANDATE_OBJECTIVES: readonly MandateObjective[] = (() => {
  const file = fileSchema.parse(data);
  file.objectives.forEach((o, i) => {
    if (o.number !== i + 1) throw new Error(`mandate-objectives.json: objective ${i + 1} is numbered ${o.number}`);
  });
  return file.objectives;
})();

const BY_NUMBER = new Map(MANDATE_OBJECTIVES.map((o) => [o.number, o]));

export const mandateObjective = (n: number): MandateObjective | undefined => BY_NUMBER.get(n);
