import { summariseAuthorisation } from '../../authorisation/authorisation-summary.js';
import { formatAuthorisationSummary } from './summary-table.js';
import { authorisationHistory } from '../../../test/support/authorisation-history.js';

describe('formatAuthorisationSummary', () => {
  const { records, events } = authorisationHistory();

  it('states the standing on the day in words', () => {
    const july = summariseAuthorisation(records, events, '2013-07-31');
    expect(formatAuthorisationSummary(july)).toContain('2 free of conditions, 1 with conditions, 1 under directions');
  });
});
