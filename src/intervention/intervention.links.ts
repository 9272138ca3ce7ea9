import { z } from 'zod';
import type { PrismaService } from '../prisma/prisma.service.js';
import type { LoadContextInput } from '../rules/rule-family.js';
import { INTERVENTION_FAMILY } from './intervention.family.js';
import { interventionParametersOf } from './intervention.parameters.js';
import { financialYearOf, quarterSchema, quarterStart, quartersOfYear } from './quarter.js';

/** An issued quarter as the links to other families need it. */
export interface IssuedLevel {
  ccgCode: string;
  quarter: string;
  level: number;
}

/**
 * Whether a CCG was at `minLevel` or above in any quarter of a financial year (`2013/14`): the
 * fact the Quality Premium gateways read (an intervention at level ≥ 3 in the year; the rule
 * set's `qualityPremiumGatewayLevel`). Returns the quarters that count, so the gateway can cite them.
 */
export function interventionLevelReached(
  records: readonly IssuedLevel[],
  ccgCode: string,
  financialYear: string,
  minLevel: number,
): { reached: boolean; quarters: string[]; highestLevel: number | null } {
  const inYear = records.filter((r) => r.ccgCode === ccgCode && financialYearOf(r.quarter) === financialYear);
  const quarters = inYear
    .filter((r) => r.level >= minLevel)
    .map((r) => r.quarter)
    .sort();
  return {
    reached: quarters.length > 0,
    quarters,
    highestLevel: inYear.length > 0 ? Math.max(...inYear.map((r) => r.level)) : null,
  };
}

/** The level from which an intervention is a Quality Premium gateway fact, as an intervention
 *  rule set publishes it. The principles page and the Quality Premium both read it here. */
export const qualityPremiumGatewayLevelOf = (parameters: Record<string, unknown>): number =>
  interventionParametersOf(parameters).qualityPremiumGatewayLevel;

/**
 * What the Quality Premium reads of the intervention family for one CCG and financial year: the
 * levels issued for the year's quarters and the gateway level published by the intervention rule
 * set in force on the year's first day. The Quality Premium keeps it as engine facts, so a
 * replay needs no database.
 */
export const interventionYearSchema = z.strictObject({
  ccg: z.string().min(1),
  year: z.string().regex(/^\d{4}\/\d{2}$/),
  gatewayLevel: z.number().int().min(1).max(5),
  /** `id@version` of the intervention rule set that published `gatewayLevel`. */
  publishedBy: z.string().min(1),
  issued: z.array(z.strictObject({ quarter: quarterSchema, level: z.number().int().min(0).max(5) })),
});
export type InterventionYear = z.infer<typeof interventionYearSchema>;

/** The gateway level of the intervention rule set in force on `day`, from the rule sets this
 *  process evaluates with (the same ones the principles page is rendered from). */
function publishedGatewayLevel(ruleSets: Pick<LoadContextInput, 'ruleSetOn'>, day: string): { gatewayLevel: number; publishedBy: string } {
  const set = ruleSets.ruleSetOn(INTERVENTION_FAMILY, day);
  if (!set) throw new Error(`no intervention rule set is in force on ${day}: it publishes the Quality Premium gateway level`);
  return { gatewayLevel: qualityPremiumGatewayLevelOf(set.document.parameters), publishedBy: `${set.document.id}@${set.document.version}` };
}

/** Reads a CCG's year for the Quality Premium's `loadContext`. Only issued levels count: a
 *  record exists once a decision is issued (`recordInterventionQuarter`), never for a proposal. */
export async function readInterventionYear(
  db: PrismaService,
  ruleSets: Pick<LoadContextInput, 'ruleSetOn'>,
  ccgCode: string,
  financialYear: string,
): Promise<InterventionYear> {
  const quarters = quartersOfYear(financialYear);
  const published = publishedGatewayLevel(ruleSets, quarterStart(quarters[0]));
  const issued = await db.interventionQuarter.findMany({
    where: { ccgCode, quarter: { in: quarters } },
    select: { quarter: true, level: true },
    orderBy: { quarterStart: 'asc' },
  });
  return { ccg: ccgCode, year: financialYear, ...published, issued };
}
