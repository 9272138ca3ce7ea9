import { z } from 'zod';
import { ASSURANCE_DOMAINS, interventionFactsSchema, STANDARD_IDS, type InterventionFacts } from './intervention.facts.js';
import type { InterventionParameters } from './intervention.parameters.js';
import { previousQuarter, quarterIndex } from './quarter.js';

/*
 * History-aware facts. `loadContext` reads the CCG's issued quarters before the one assessed;
 * these pure functions turn them into engine facts ("missed three quarters running", "level
 * held since", "concerns since escalation"). The derived facts are stored with the evaluation,
 * so a replay needs no database. Runs never count across a quarter that is not on record: the
 * gap is named in the outcome instead.
 */

/** An issued quarter of one CCG, as `onIssued` recorded it. */
export const storedQuarterSchema = z.strictObject({
  quarter: z.string(),
  level: z.number().int().min(0).max(5),
  facts: interventionFactsSchema,
});
export type StoredQuarter = z.infer<typeof storedQuarterSchema>;

/** What the family's `loadContext` returns (and scenario fixtures give as `context`). */
export const interventionHistorySchema = z.strictObject({ earlier: z.array(storedQuarterSchema) });
export type InterventionHistory = z.infer<typeof interventionHistorySchema>;

export const missedStandards = (facts: InterventionFacts, params: InterventionParameters): string[] =>
  STANDARD_IDS.filter((id) => facts.standards[id] < params.standards[id].threshold);

/** Adverse indicators in a quarter: fewer than at escalation is an improvement. Each counts one. */
export function concernCount(facts: InterventionFacts, params: InterventionParameters): number {
  const ratings = ASSURANCE_DOMAINS.map((d) => facts.assurance?.[d]);
  const flags = [
    facts.finance.ytdVariancePct < 0,
    facts.finance.forecastOutturnVariancePct < 0,
    facts.finance.unplannedSupportRequested,
    facts.quality.neverEvents > 0,
    facts.quality.overdueSeriousIncidentInvestigations > 0,
    facts.quality.regulatorEnforcementAtMainProvider,
    facts.quality.mrsaCases > 0,
    !facts.governance.accountableOfficerInPost,
    facts.governance.auditOpinion !== 'unqualified',
    facts.governance.conflictOfInterestBreach,
    facts.governance.openAuthorisationConditions > 0,
    facts.governance.openAuthorisationDirections > 0,
  ];
  const below = ratings.filter((r) => r !== undefined && r !== 'assured').length;
  return missedStandards(facts, params).length + below + flags.filter(Boolean).length;
}

/** Earlier quarters on record without a gap, most recent first, ending at the one before `quarter`. */
function contiguousRun(quarter: string, earlier: StoredQuarter[]): StoredQuarter[] {
  const byQuarter = new Map(earlier.map((q) => [q.quarter, q]));
  const run: StoredQuarter[] = [];
  for (let q = previousQuarter(quarter); byQuarter.has(q); q = previousQuarter(q)) run.push(byQuarter.get(q)!);
  return run;
}

export function deriveHistoryFacts(
  quarter: string,
  facts: InterventionFacts,
  history: InterventionHistory,
  params: InterventionParameters,
): Record<string, unknown> {
  const earlier = history.earlier
    .filter((q) => quarterIndex(q.quarter) < quarterIndex(quarter))
    .sort((a, b) => quarterIndex(b.quarter) - quarterIndex(a.quarter));
  const run = contiguousRun(quarter, earlier);
  const previous = previousQuarter(quarter);
  const beforeRegime = quarterIndex(previous) < quarterIndex(params.firstQuarter);
  const missing = run.length === 0 && !beforeRegime ? [previous] : [];
  // The level in force is the last one issued, even across a gap: a level stands until changed.
  const inForce = earlier[0];

  const out: Record<string, unknown> = {
    'history.previousQuarter': previous,
    'history.quartersUsed': run.map((q) => q.quarter).reverse(),
    'history.missingQuarters': missing,
    'level.previous': inForce?.level ?? 0,
    'level.previousFrom': inForce?.quarter ?? null,
  };

  for (const id of STANDARD_IDS) {
    const threshold = params.standards[id].threshold;
    const missedNow = facts.standards[id] < threshold;
    const counted = missedNow ? [quarter] : [];
    if (missedNow) {
      for (const q of run) {
        if (q.facts.standards[id] < threshold) counted.push(q.quarter);
        else break;
      }
    }
    out[`standards.${id}.missed`] = missedNow;
    out[`standards.${id}.missedRunning`] = counted.length;
    out[`standards.${id}.missedIn`] = counted.reverse();
  }

  const concerns = concernCount(facts, params);
  out['concerns.current'] = concerns;
  // The run of quarters at the level in force, back to the quarter it was reached in.
  const heldRun = inForce ? takeWhileLevel(run, inForce.level) : [];
  out['level.quartersHeld'] = heldRun.length;
  const escalatedIn = heldRun[heldRun.length - 1];
  out['level.escalatedIn'] = escalatedIn?.quarter ?? null;
  if (escalatedIn) {
    const atEscalation = concernCount(escalatedIn.facts, params);
    out['concerns.atEscalation'] = atEscalation;
    out['concerns.changeSinceEscalation'] = concerns - atEscalation;
  }
  return out;
}

function takeWhileLevel(run: StoredQuarter[], level: number): StoredQuarter[] {
  const out: StoredQuarter[] = [];
  for (const q of run) {
    if (q.level !== level) break;
    out.push(q);
  }
  return out;
}
