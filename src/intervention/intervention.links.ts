import { financialYearOf } from './quarter.js';

/** An issued quarter as the links to other families need it. */
export interface IssuedLevel {
  ccgCode: string;
  quarter: string;
  level: number;
}

/**
 * Whether a CCG was at `minLevel` or above in any quarter of a financial year (`2013/14`): the
 * fact the Quality Premium gateways will read (an intervention at level ≥ 3 in the year; the rule
 * set's `qualityPremiumGatewayLevel`). Returns the quarters that count, so the gateway can cite them.
 */
export function interventionLevelReached(
  records: readonly IssuedLevel[],
  ccgCode: string,
  financialYear: string,
  minLevel: number,
): { reached: boolean; quarters: string[]; highestLevel: number | null } {
  const inYear = records.filter((r) => r.ccgCode === ccgCode && financialYearOf(r.quarter) === financialYear);
  const quarters = inYear.filter((r) => r.level >= minLevel).map((r) => r.quarter).sort();
  return {
    reached: quarters.length > 0,
    quarters,
    highestLevel: inYear.length > 0 ? Math.max(...inYear.map((r) => r.level)) : null,
  };
}
