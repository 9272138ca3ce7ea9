import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../common/project-root.js';
import { FamilyDefinitionError } from '../rules/rule-family.js';
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
  criteria: z.array(z.strictObject({ id: criterionIdSchema, domain: z.number().int().min(1).max(6), title: z.string().min(3) })).min(1),
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

/** Where catalogues are read: the validated setting RULES_DIR, given by CriteriaCatalogues when the
 *  application starts (criteria-catalogues.provider.ts; one directory per process, the last
 *  application's); until then (unit tests, scenario fixtures, bench) the project's rules/. */
let rulesDir = resolve(projectRoot(), 'rules');

export function useCatalogueRulesDir(dir: string): void {
  rulesDir = dir;
}

/** The catalogue a rule set names (read once per process). */
export function catalogueFor(ruleSet: RuleSetDocument): CriteriaCatalogue {
  const name = z
    .string()
    .regex(/^[a-z0-9.-]+\.catalogue\.json$/)
    .parse(ruleSet.parameters.catalogue);
  const path = join(rulesDir, ruleSet.family, name);
  let catalogue = cache.get(path);
  if (!catalogue) {
    try {
      catalogue = parseCatalogue(JSON.parse(readFileSync(path, 'utf8')), name);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      throw new FamilyDefinitionError(
        ruleSet.family,
        `rule set ${ruleSet.id} names the criteria catalogue ${name}, not usable in RULES_DIR (${path}): ${reason}`,
      );
    }
    cache.set(path, catalogue);
  }
  return catalogue;
}
