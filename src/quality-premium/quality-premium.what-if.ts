import type { WhatIf } from '../rules/rule-family.js';
import { qualityPremiumParameters, type QualityPremiumOutcome } from './quality-premium.decider.js';

/** What a simulation of a candidate Quality Premium rule set compares: the pence paid (totalled:
 *  the pot paid, and CCGs newly paid nothing) and the share earned. */
export const qualityPremiumWhatIf: WhatIf<QualityPremiumOutcome> = {
  parameters: qualityPremiumParameters,
  figures: {
    payablePence: { label: 'Paid', total: 'sum', unit: 'pence', of: (o) => o.payablePence },
    maximumPence: { label: 'Maximum', total: 'sum', unit: 'pence', of: (o) => o.maximumPence },
  },
};
