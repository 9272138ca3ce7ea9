import type { WhatIf } from '../rules/rule-family.js';
import { reconfigurationParameters, type ReconfigurationOutcome } from './reconfiguration.decider.js';

/** What a simulation of a candidate reconfiguration rule set compares beyond the outcome itself
 *  (assured, with actions, …): the tests not met and the actions required. An issued report
 *  counts the panel's results. */
export const reconfigurationWhatIf: WhatIf<ReconfigurationOutcome> = {
  parameters: reconfigurationParameters,
  figures: {
    testsNotMet: { label: 'Tests not met', total: 'sum', of: (o) => o.tests.filter((t) => (t.panel?.result ?? t.result) === 'not-met').length },
    actions: { label: 'Actions', total: 'sum', of: (o) => o.actions.length },
  },
};
