import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../common/project-root.js';
import type { RuleSetDocument } from '../rules/rule-set.schema.js';

/*
 * The 119 authorisation criteria are data (rules/authorisation/criteria.catalogue.json), named by
 * the rule set's `parameters.catalogue`, so a later rule set can bring a revised catalogue. The
 * rule-set loader skips `*.catalogue.json`: a catalogue is not a rule set.
 */

export const criterionIdSchema = z.string().regex(/^[1-6]\.[1-9]\d?$/, 'expected a criterion id D.N, e.g. 3.4');

const catalogueSchema = z.strictObject({
  title: z.string().min(3),
  source: z.string().min(3),
  domains: z.record(z.string().regex(/^[1-6]$/), z.string().min(3)),
  criteria: z
    .array(z.strictObject({ id: criterionIdSchema, domain: z.number().int().min(1).max(6), title: z.string().min(3) }))
    .min(1),
});

export type CriteriaCatalogue = z.infer<typeof catalogueSchema>;
export type Criterion = CriteriaCatalogue['criteria'][number];

export function parseCatalogue(json: unknown, file = 'catalogue'): CriteriaCatalogue {
  const parsed = catalogueSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  const seen = new Set<string>();
  for (const c of parsed.data.criteria) {
    if (seen.has(c.id)) throw new Error(`${file}: criterion ${c.id} appears twice`);
    if (Number(c.id.split('.')[0]) !== c.domain) throw new Error(`${file}: criterion ${c.id} is not in domain ${c.domain}`);
    seen.add(c.id);
  }
  return parsed.data;
}

const cache = new Map<string, CriteriaCatalogue>();

function rulesDir(): string {
  const dir = process.env.RULES_DIR ?? 'rules';
  return isAbsolute(dir) ? dir : resolve(projectRoot(), dir);
}

/** The catalogue a rule set names (read once per process). */
export function catalogueFor(ruleSet: RuleSetDocument): CriteriaCatalogue {
  const name = z.string().regex(/^[a-z0-9.-]+\.catalogue\.json$/).parse(ruleSet.parameters.catalogue);
  const path = join(rulesDir(), ruleSet.family, name);
  let catalogue = cache.get(path);
  if (!catalogue) {
    catalogue = parseCatalogue(JSON.parse(readFileSync(path, 'utf8')), path);
    cache.set(path, catalogue);
  }
  return catalogue;
}
