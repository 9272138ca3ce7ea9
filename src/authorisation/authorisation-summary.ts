/*
 * The national picture on a day, as the Board published it: CCGs by the outcome of their
 * authorisation and by wave, and, from the dated history of every condition, how many CCGs were
 * free of conditions, still had conditions, or were under directions on that day. Plain function:
 * the service reads the rows, this folds them.
 */

export interface AuthorisationRecordRow {
  odsCode: string;
  wave: number;
  outcome: string;
  decidedOn: string;
}

export interface ConditionEventRow {
  conditionId: string;
  odsCode: string;
  domain: number;
  on: string;
  /** Order of events on one day (creation time). */
  seq: number;
  level: number;
  status: string;
}

export interface WaveLine {
  wave: number;
  ccgs: number;
  withoutConditions: number;
  withConditions: number;
  withDirections: number;
}

export interface AuthorisationSummary {
  asOf: string;
  ccgsDecided: number;
  byOutcome: Record<string, number>;
  byWave: WaveLine[];
  current: { freeOfConditions: number; withConditions: number; underDirections: number; notAuthorised: number };
  openConditions: number;
  openConditionsByDomain: Record<string, number>;
  openConditionsByLevel: Record<string, number>;
  ccgsUnderDirections: string[];
}

/** Level 4 and above is given as directions (s.14Z21). */
export const DIRECTIONS_FROM_LEVEL = 4;

const bump = (m: Record<string, number>, k: string | number) => (m[String(k)] = (m[String(k)] ?? 0) + 1);

export function summariseAuthorisation(records: AuthorisationRecordRow[], events: ConditionEventRow[], asOf: string): AuthorisationSummary {
  const decided = records.filter((r) => r.decidedOn <= asOf);
  const decidedCodes = new Set(decided.map((r) => r.odsCode));

  // Each condition's state on the day: its last event on or before it.
  const latest = new Map<string, ConditionEventRow>();
  for (const e of events) {
    if (e.on > asOf || !decidedCodes.has(e.odsCode)) continue;
    const prev = latest.get(e.conditionId);
    if (!prev || e.on > prev.on || (e.on === prev.on && e.seq > prev.seq)) latest.set(e.conditionId, e);
  }
  const openByCcg = new Map<string, ConditionEventRow[]>();
  const openConditionsByDomain: Record<string, number> = {};
  const openConditionsByLevel: Record<string, number> = {};
  let openConditions = 0;
  for (const e of latest.values()) {
    if (e.status !== 'open') continue;
    openConditions += 1;
    bump(openConditionsByDomain, e.domain);
    bump(openConditionsByLevel, e.level);
    openByCcg.set(e.odsCode, [...(openByCcg.get(e.odsCode) ?? []), e]);
  }

  const byOutcome: Record<string, number> = {};
  const waves = new Map<number, WaveLine>();
  for (const r of decided) {
    bump(byOutcome, r.outcome);
    const w = waves.get(r.wave) ?? { wave: r.wave, ccgs: 0, withoutConditions: 0, withConditions: 0, withDirections: 0 };
    w.ccgs += 1;
    if (r.outcome === 'authorised') w.withoutConditions += 1;
    else w.withConditions += 1;
    if (r.outcome === 'authorised-with-conditions-and-directions') w.withDirections += 1;
    waves.set(r.wave, w);
  }

  const underDirections = decided
    .filter((r) => (openByCcg.get(r.odsCode) ?? []).some((e) => e.level >= DIRECTIONS_FROM_LEVEL))
    .map((r) => r.odsCode)
    .sort();
  const notAuthorised = decided.filter((r) => r.outcome === 'established-not-authorised' && openByCcg.has(r.odsCode)).length;
  const withConditions = decided.filter((r) => openByCcg.has(r.odsCode)).length;

  return {
    asOf,
    ccgsDecided: decided.length,
    byOutcome,
    byWave: [...waves.values()].sort((a, b) => a.wave - b.wave),
    current: { freeOfConditions: decided.length - withConditions, withConditions, underDirections: underDirections.length, notAuthorised },
    openConditions,
    openConditionsByDomain,
    openConditionsByLevel,
    ccgsUnderDirections: underDirections,
  };
}
