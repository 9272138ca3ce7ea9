import type { z } from 'zod';
import { safeParseOnce } from './parse-once.js';
import { FamilyDefinitionError } from './rule-family.js';
import type { RuleTrace } from './trace.js';

/**
 * What every decider reads, checked: a rule's event params and an engine fact. A mismatch means
 * the family's rule set or engineFacts do not fit its decider, which no retry can mend, so it is a
 * FamilyDefinitionError (the worker fails the job at once).
 */
export function deciderKit(familyId: string) {
  return {
    params: <T>(rule: RuleTrace, schema: z.ZodType<T>): T => {
      const parsed = safeParseOnce(schema, rule.event.params);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new FamilyDefinitionError(familyId, `rule "${rule.name}": ${rule.event.type} event params invalid (${issue?.message})`, {
          rule: rule.name,
          path: ['event', 'params', ...(issue?.path ?? []).map((p) => (typeof p === 'number' ? p : String(p)))],
        });
      }
      return parsed.data;
    },
    fact: <T>(facts: Record<string, unknown>, name: string, schema: z.ZodType<T>): T => {
      const parsed = schema.safeParse(facts[name]);
      if (!parsed.success) throw new FamilyDefinitionError(familyId, `engine fact "${name}" is missing or malformed`);
      return parsed.data;
    },
  };
}
