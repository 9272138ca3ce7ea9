import { interventionLevelReached, interventionYearSchema, type InterventionYear } from '../intervention/intervention.links.js';
import { financialYearOf } from '../intervention/quarter.js';
import { FACT } from '../rules/fact-schemas.js';

/*
 * The intervention gateway: a CCG the Board placed at or above the intervention level its
 * published principles name (intervention rule set, `qualityPremiumGatewayLevel`) in any quarter
 * of the year gets no Quality Premium for that year. `loadContext` reads the issued levels and
 * that level; these functions turn them into the engine facts the gateway rule reads, and the
 * decider into the sentence the documents print. The facts schema has no `gateways.intervention`:
 * these facts come from the Board's own records, never from a submission.
 */

export const INTERVENTION_FACT_PREFIX = 'gateways.intervention.';
const F = {
  levelReached: `${INTERVENTION_FACT_PREFIX}levelReached`,
  year: `${INTERVENTION_FACT_PREFIX}year`,
  gatewayLevel: `${INTERVENTION_FACT_PREFIX}gatewayLevel`,
  publishedBy: `${INTERVENTION_FACT_PREFIX}publishedBy`,
  highestLevel: `${INTERVENTION_FACT_PREFIX}highestLevel`,
  quarters: `${INTERVENTION_FACT_PREFIX}quarters`,
  quartersOnRecord: `${INTERVENTION_FACT_PREFIX}quartersOnRecord`,
} as const;

/** The engine facts of the gateway. Without a context (a caller that ran no `loadContext`: unit
 *  tests, benchmarks) nothing was read and nothing counts; the pipeline always reads it. */
export function interventionGatewayFacts(context: unknown): Record<string, unknown> {
  if (context === undefined) return { [F.levelReached]: false };
  const y: InterventionYear = interventionYearSchema.parse(context);
  const records = y.issued.map((q) => ({ ccgCode: y.ccg, ...q }));
  const { reached, quarters, highestLevel } = interventionLevelReached(records, y.ccg, y.year, y.gatewayLevel);
  return {
    [F.levelReached]: reached,
    [F.year]: y.year,
    [F.gatewayLevel]: y.gatewayLevel,
    [F.publishedBy]: y.publishedBy,
    [F.highestLevel]: highestLevel,
    [F.quarters]: quarters,
    [F.quartersOnRecord]: y.issued
      .filter((q) => financialYearOf(q.quarter) === y.year)
      .map((q) => q.quarter)
      .sort(),
  };
}

const nullableLevel = FACT.level.nullable();
const list = (items: string[]): string => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** What the gateway rested on, in words: the quarters and level when it failed, and that none was
 *  issued when it passed. Undefined when the facts carry no intervention year (nothing was read). */
export function interventionGatewayDetail(facts: Record<string, unknown>): string | undefined {
  const year = FACT.string.safeParse(facts[F.year]);
  if (!year.success) return undefined;
  const level = FACT.level.parse(facts[F.gatewayLevel]);
  const highest = nullableLevel.parse(facts[F.highestLevel]);
  const quarters = FACT.strings.parse(facts[F.quarters]);
  const onRecord = FACT.strings.parse(facts[F.quartersOnRecord]);
  const publishedBy = FACT.string.parse(facts[F.publishedBy]);
  if (FACT.boolean.parse(facts[F.levelReached])) {
    return `Intervention at level ${level} or above was issued for ${list(quarters)} (highest level in ${year.data}: ${highest}); the intervention principles (${publishedBy}) make level ${level} or above a Quality Premium gateway fact.`;
  }
  const record =
    onRecord.length === 0 ? `no intervention quarter of ${year.data} is on record` : `highest level issued: ${highest}, for ${list(onRecord)}`;
  return `No intervention at level ${level} or above was issued for ${year.data} (${record}).`;
}
