import { authorisationFamily } from './authorisation/authorisation.family.js';
import { authorisationReviewFamily } from './authorisation/review.family.js';
import { interventionFamily } from './intervention/intervention.family.js';
import { qualityPremiumFamily } from './quality-premium/quality-premium.family.js';
import { reconfigurationFamily } from './reconfiguration/reconfiguration.family.js';
import type { RuleFamily } from './rules/rule-family.js';

/** Every rule family the pipeline serves. Adding a family: its rules/<id>/ folder, a facts
 *  schema, a decider and templates, and one line here. */
export const ruleFamilies: readonly RuleFamily<any, any>[] = [
  qualityPremiumFamily,
  authorisationFamily,
  authorisationReviewFamily,
  reconfigurationFamily,
  interventionFamily,
];

export function findFamily(id: string): RuleFamily<any, any> | undefined {
  return ruleFamilies.find((f) => f.id === id);
}
