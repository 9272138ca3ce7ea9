import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import type { RuleFamily } from './rule-family.js';

/** The rule families of this build, provided by the composition root (src/families.ts). Generic
 *  code injects `FamilyRegistry` and never imports a family. */
export const RULE_FAMILIES = Symbol('RULE_FAMILIES');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each family has its own facts and outcome types
export type AnyRuleFamily = RuleFamily<any, any>;

@Injectable()
export class FamilyRegistry {
  /** Held as the pipeline sees a family: facts and outcomes are the family's own business. */
  private readonly byId = new Map<string, RuleFamily>();

  constructor(@Inject(RULE_FAMILIES) families: readonly AnyRuleFamily[]) {
    for (const family of families) {
      if (this.byId.has(family.id)) throw new Error(`two rule families have the id "${family.id}"`);
      this.byId.set(family.id, family as RuleFamily);
    }
  }

  all(): RuleFamily[] {
    return [...this.byId.values()];
  }

  find(id: string): RuleFamily | undefined {
    return this.byId.get(id);
  }

  /** The family, or a 422 naming `field`. */
  get(id: string, field = 'family'): RuleFamily {
    const family = this.byId.get(id);
    if (!family) throw DomainError.invalid([{ field, message: `unknown family "${id}"` }]);
    return family;
  }

  title(id: string): string {
    return this.byId.get(id)?.title ?? id;
  }
}
