// Three CCGs' authorisation records and the condition events after them (Dec 2012 – Jul 2013),
// for specs of the authorisation summary and of the demo's table of it.
import type { ConditionEventRow } from '../../src/authorisation/authorisation-summary.js';

export function authorisationHistory() {
  const records = [
    { odsCode: 'AAA', wave: 1, outcome: 'authorised', decidedOn: '2012-12-18' },
    { odsCode: 'BBB', wave: 1, outcome: 'authorised-with-conditions', decidedOn: '2012-12-18' },
    { odsCode: 'CCC', wave: 2, outcome: 'authorised-with-conditions-and-directions', decidedOn: '2013-01-30' },
  ];
  let seq = 0;
  const ev = (conditionId: string, odsCode: string, on: string, level: number, status: string, domain = 3): ConditionEventRow => ({
    conditionId,
    odsCode,
    domain,
    on,
    seq: seq++,
    level,
    status,
  });
  const events = [
    ev('b1', 'BBB', '2012-12-18', 1, 'open'),
    ev('b2', 'BBB', '2012-12-18', 3, 'open', 4),
    ev('c1', 'CCC', '2013-01-30', 4, 'open', 1),
    ev('b1', 'BBB', '2013-03-28', 1, 'discharged'),
    ev('b2', 'BBB', '2013-07-31', 4, 'open', 4),
    ev('c1', 'CCC', '2013-07-31', 4, 'discharged', 1),
  ];
  return { records, events };
}
