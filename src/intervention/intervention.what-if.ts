import type { WhatIf } from '../rules/rule-family.js';
import type { InterventionOutcome } from './intervention.decider.js';
import { interventionParameters } from './intervention.parameters.js';

/** What a simulation of a candidate intervention rule set compares: the level (CCGs per level). */
export const interventionWhatIf: WhatIf<InterventionOutcome> = {
  parameters: interventionParameters,
  figures: { level: { label: 'Level', total: 'level', of: (o) => o.level } },
};
