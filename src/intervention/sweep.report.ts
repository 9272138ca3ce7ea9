/** One CCG's position in a swept quarter, as the sweep read it. */
export interface SweptCcg {
  ccg: string;
  status: 'queued' | 'evaluating' | 'awaiting_review' | 'decided' | 'failed';
  /** The issued level, or the proposed one while the decision awaits review. */
  level: number | null;
  previousLevel: number | null;
  humanDecisionRequired: boolean;
  error?: string | null;
}

export interface SweepReport {
  quarter: string;
  ccgs: number;
  factsIn: number;
  factsMissing: string[];
  evaluatedBySweep: number;
  failed: { ccg: string; error: string | null }[];
  awaitingReview: number;
  issued: number;
  levels: Record<string, number>;
  movedUp: { ccg: string; from: number; to: number }[];
  movedDown: { ccg: string; from: number; to: number }[];
  unchanged: number;
  waitingForBoardDecision: string[];
}

/** Folds the swept CCGs into the report: who moved up or down against the level in force. */
export function sweepReport(quarter: string, register: string[], swept: SweptCcg[], evaluatedBySweep: number): SweepReport {
  const byCcg = new Map(swept.map((s) => [s.ccg, s]));
  const levels: Record<string, number> = { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  const movedUp: SweepReport['movedUp'] = [];
  const movedDown: SweepReport['movedDown'] = [];
  let unchanged = 0;
  for (const s of swept) {
    if (s.level === null || s.previousLevel === null) continue;
    levels[s.level] += 1;
    if (s.level > s.previousLevel) movedUp.push({ ccg: s.ccg, from: s.previousLevel, to: s.level });
    else if (s.level < s.previousLevel) movedDown.push({ ccg: s.ccg, from: s.previousLevel, to: s.level });
    else unchanged += 1;
  }
  return {
    quarter,
    ccgs: register.length,
    factsIn: swept.length,
    factsMissing: register.filter((c) => !byCcg.has(c)),
    evaluatedBySweep,
    failed: swept.filter((s) => s.status === 'failed').map((s) => ({ ccg: s.ccg, error: s.error ?? null })),
    awaitingReview: swept.filter((s) => s.status === 'awaiting_review').length,
    issued: swept.filter((s) => s.status === 'decided').length,
    levels,
    movedUp,
    movedDown,
    unchanged,
    waitingForBoardDecision: swept.filter((s) => s.status === 'awaiting_review' && s.humanDecisionRequired).map((s) => s.ccg),
  };
}
