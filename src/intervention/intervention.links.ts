import { z } from 'zod';
import type { PrismaService } from '../prisma/prisma.service.js';
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

/** Content hashes name immutable documents, so a parsed gateway level never goes stale. */
const gatewayLevelByHash = new Map<string, number>();

/**
 * The gateway level of the intervention rule set in force on `day`, read from the rule-set
 * versions the processes registered (the contract gives `loadContext` the database, not the
 * loaded files). Like `effectiveRuleSet`, the latest-starting version covering the day wins;
 * of versions registered for the same dates, the one registered last.
 */
async function publishedGatewayLevel(db: PrismaService, day: string): Promise<{ gatewayLevel: number; publishedBy: string }> {
  const date = new Date(day);
  const [version] = await db.ruleSetVersion.findMany({
    where: { family: INTERVENTION_FAMILY, effectiveFrom: { lte: date }, OR: [{ effectiveTo: null }, { effectiveTo: { gte: date } }] },
    orderBy: [{ effectiveFrom: 'desc' }, { loadedAt: 'desc' }],
    take: 1,
    select: { hash: true, ruleSetId: true, version: true },
  });
  if (!version) throw new Error(`no intervention rule set is in force on ${day}: it publishes the Quality Premium gateway level`);
  let gatewayLevel = gatewayLevelByHash.get(version.hash);
  if (gatewayLevel === undefined) {
    const row = await db.ruleSetVersion.findUniqueOrThrow({ where: { hash: version.hash }, select: { content: true } });
    gatewayLevel = qualityPremiumGatewayLevelOf((row.content as { parameters: Record<string, unknown> }).parameters);
    gatewayLevelByHash.set(version.hash, gatewayLevel);
  }
  return { gatewayLevel, publishedBy: `${version.ruleSetId}@${version.version}` };
}

/** Reads a CCG's year for the Quality Premium's `loadContext`. Only issued levels count: a
 *  record exists once a decision is issued (`recordInterventionQuarter`), never for a proposal. */
export async function readInterventionYear(db: PrismaService, ccgCode: string, financialYear: string): Promise<InterventionYear> {
  const quarters = quartersOfYear(financialYear);
  const [published, issued] = await Promise.all([
    publishedGatewayLevel(db, quarterStart(quarters[0])),
    db.interventionQuarter.findMany({
      where: { ccgCode, quarter: { in: quarters } },
      select: { quarter: true, level: true },
      orderBy: { quarterStart: 'asc' },
    }),
  ]);
  return { ccg: ccgCode, year: financialYear, ...published, issued };
}
