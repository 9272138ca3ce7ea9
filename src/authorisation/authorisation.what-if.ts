import type { WhatIf, WhatIfFigure } from '../rules/rule-family.js';
import { authorisationParameters, type AuthorisationOutcome } from './authorisation.decider.js';

const LEVELS = [1, 2, 3, 4, 5, 6] as const;

/** What a simulation of a candidate authorisation rule set compares: conditions in all and by
 *  support level (totalled: conditions by level before and after), and directions. */
export const authorisationWhatIf: WhatIf<AuthorisationOutcome> = {
  parameters: authorisationParameters,
  figures: {
    conditions: { label: 'Conditions', total: 'sum', of: (o) => o.conditions.length },
    ...Object.fromEntries(
      LEVELS.map((level): [string, WhatIfFigure<AuthorisationOutcome>] => [
        `conditionsAtLevel${level}`,
        { label: `Conditions at level ${level}`, total: 'sum', of: (o) => o.conditions.filter((c) => c.level === level).length },
      ]),
    ),
    directions: { label: 'Under directions', total: 'sum', of: (o) => (o.directions ? 1 : 0) },
  },
};
