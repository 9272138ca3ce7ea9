import type { WhatIf } from '../rules/rule-family.js';

/*
 * The fold of a simulation: what stands for each (subject, period) now, what the candidate rule
 * set would propose over the same stored facts, and the difference per subject, per rule and in
 * total. Pure: the service loads the rows and runs the candidate.
 */

/** What stands for one (subject, period) now: the issued decision, or else the proposal. */
export interface BaselineRow {
  assessmentId: string;
  subject: string;
  period: string;
  source: 'issued' | 'proposed';
  decisionId: string;
  /** Issued by Board staff with another outcome than the rules proposed. */
  overridden: boolean;
  ruleSetHash: string;
  key: string;
  outcome: unknown;
  /** The rules that fired in the evaluation the decision rests on. */
  fired: readonly string[];
}

/** What the candidate proposes for the same facts; or why it cannot judge them (`problems`). */
export type CandidateResult = { key: string; outcome: unknown; fired: readonly string[] } | { problems: string[] };

export type Figures = Record<string, number | null>;

export interface SimulationRow {
  subject: string;
  period: string;
  assessmentId: string;
  baseline: { source: 'issued' | 'proposed'; decisionId: string; overridden: boolean; ruleSetHash: string; key: string; figures: Figures };
  /** Null when the candidate cannot judge the stored facts (see `problems`). */
  candidate: { key: string; figures: Figures } | null;
  problems?: string[];
  /** The outcome key or a figure differs. */
  changed: boolean;
  /** Candidate minus baseline, per figure (null where either side has none). */
  difference: Figures;
  rules: { nowFiring: string[]; noLongerFiring: string[] };
}

export interface RuleCount {
  rule: string;
  before: number;
  after: number;
  /** Whether the rule is in the candidate (a rule only in the baseline's rule sets is removed). */
  inCandidate: boolean;
}

export interface SumTotal {
  label: string;
  total: 'sum';
  unit?: 'pence';
  before: number;
  after: number;
  difference: number;
  /** Subjects at zero before and after, and those at zero only after (e.g. CCGs newly paid nothing). */
  atZero: { before: number; after: number; newly: number };
}

export interface LevelTotal {
  label: string;
  total: 'level';
  /** Subjects at each value, before and after. */
  values: Record<string, { before: number; after: number }>;
}

export interface SimulationTotals {
  /** Rows (subject and period) the candidate covers. */
  subjects: number;
  evaluated: number;
  changed: number;
  notEvaluable: number;
  /** Subjects per outcome key, before and after (over the evaluated rows). */
  keys: Record<string, { before: number; after: number }>;
  figures: Record<string, SumTotal | LevelTotal>;
}

export interface SimulationResult {
  rows: SimulationRow[];
  rules: RuleCount[];
  totals: SimulationTotals;
}

/** A figure of an outcome, or null where the outcome does not carry it (an older stored shape). */
export function figuresOf(whatIf: WhatIf | undefined, outcome: unknown): Figures {
  const out: Figures = {};
  for (const [name, figure] of Object.entries(whatIf?.figures ?? {})) {
    let value: unknown;
    try {
      value = figure.of(outcome as Record<string, unknown>);
    } catch {
      // An outcome stored in an older shape may not carry the figure.
    }
    out[name] = typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
  return out;
}

const countUp = (map: Record<string, { before: number; after: number }>, key: string, side: 'before' | 'after') => {
  map[key] ??= { before: 0, after: 0 };
  map[key][side] += 1;
};

/**
 * Per subject, per rule and in total. Totals and rule counts are over the rows the candidate
 * could judge, so that before and after count the same subjects; `notEvaluable` says how many
 * it could not.
 */
export function foldSimulation(
  baseline: readonly BaselineRow[],
  candidate: readonly CandidateResult[],
  whatIf: WhatIf | undefined,
  candidateRules: readonly string[],
): SimulationResult {
  const figureNames = Object.keys(whatIf?.figures ?? {});
  const rows: SimulationRow[] = [];
  const ruleCounts = new Map<string, { before: number; after: number }>(candidateRules.map((r) => [r, { before: 0, after: 0 }]));
  const keys: SimulationTotals['keys'] = {};
  const sums = new Map<string, { before: number; after: number; zeroBefore: number; zeroAfter: number; newly: number }>();
  const levels = new Map<string, Record<string, { before: number; after: number }>>();
  for (const name of figureNames) {
    if (whatIf!.figures[name].total === 'sum') sums.set(name, { before: 0, after: 0, zeroBefore: 0, zeroAfter: 0, newly: 0 });
    else levels.set(name, {});
  }

  baseline.forEach((b, i) => {
    const c = candidate[i];
    const before = figuresOf(whatIf, b.outcome);
    const base = {
      subject: b.subject,
      period: b.period,
      assessmentId: b.assessmentId,
      baseline: { source: b.source, decisionId: b.decisionId, overridden: b.overridden, ruleSetHash: b.ruleSetHash, key: b.key, figures: before },
    };
    if ('problems' in c) {
      rows.push({
        ...base,
        candidate: null,
        problems: c.problems,
        changed: false,
        difference: Object.fromEntries(figureNames.map((n) => [n, null])),
        rules: { nowFiring: [], noLongerFiring: [] },
      });
      return;
    }
    const after = figuresOf(whatIf, c.outcome);
    const difference: Figures = {};
    let changed = b.key !== c.key;
    for (const name of figureNames) {
      const x = before[name];
      const y = after[name];
      difference[name] = x !== null && y !== null ? y - x : null;
      if (x !== y) changed = true;
    }
    const firedBefore = new Set(b.fired);
    const firedAfter = new Set(c.fired);
    rows.push({
      ...base,
      candidate: { key: c.key, figures: after },
      changed,
      difference,
      rules: { nowFiring: c.fired.filter((r) => !firedBefore.has(r)), noLongerFiring: b.fired.filter((r) => !firedAfter.has(r)) },
    });

    for (const r of b.fired) ruleCounts.set(r, { before: (ruleCounts.get(r)?.before ?? 0) + 1, after: ruleCounts.get(r)?.after ?? 0 });
    for (const r of c.fired) ruleCounts.set(r, { before: ruleCounts.get(r)?.before ?? 0, after: (ruleCounts.get(r)?.after ?? 0) + 1 });
    countUp(keys, b.key, 'before');
    countUp(keys, c.key, 'after');
    for (const [name, s] of sums) {
      const x = before[name] ?? 0;
      const y = after[name] ?? 0;
      s.before += x;
      s.after += y;
      if (x === 0) s.zeroBefore++;
      if (y === 0) s.zeroAfter++;
      if (x !== 0 && y === 0) s.newly++;
    }
    for (const [name, values] of levels) {
      countUp(values, String(before[name]), 'before');
      countUp(values, String(after[name]), 'after');
    }
  });

  const inCandidate = new Set(candidateRules);
  const figures: SimulationTotals['figures'] = {};
  for (const name of figureNames) {
    const { label, unit } = whatIf!.figures[name];
    const s = sums.get(name);
    if (s) {
      figures[name] = {
        label,
        total: 'sum',
        ...(unit ? { unit } : {}),
        before: s.before,
        after: s.after,
        difference: s.after - s.before,
        atZero: { before: s.zeroBefore, after: s.zeroAfter, newly: s.newly },
      };
    } else figures[name] = { label, total: 'level', values: sortedByValue(levels.get(name)!) };
  }
  const evaluated = rows.filter((r) => r.candidate !== null).length;
  return {
    rows,
    // Candidate rules in file order, then rules only the baseline's rule sets had.
    rules: [...ruleCounts].map(([rule, n]) => ({ rule, before: n.before, after: n.after, inCandidate: inCandidate.has(rule) })),
    totals: {
      subjects: rows.length,
      evaluated,
      changed: rows.filter((r) => r.changed).length,
      notEvaluable: rows.length - evaluated,
      keys,
      figures,
    },
  };
}

/** Numeric values in numeric order (levels 0–5), anything else after them. */
function sortedByValue(values: Record<string, { before: number; after: number }>): Record<string, { before: number; after: number }> {
  const order = (k: string) => (Number.isFinite(Number(k)) ? Number(k) : Number.POSITIVE_INFINITY);
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b)));
}
