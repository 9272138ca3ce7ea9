import { spreadsheetText } from '../common/spreadsheet-text.js';
import { stringify } from 'csv-stringify/sync';
import type { SimulationRow } from './simulation.js';

/** The per-subject table of a simulation run as CSV: one line per subject and period, with each
 *  figure before, after and the difference (pence as pence: a spreadsheet sums them exactly). */
export function simulationCsv(rows: readonly SimulationRow[], figureNames: readonly string[]): string {
  const head = [
    'subject',
    'period',
    'baselineSource',
    'baselineKey',
    'overridden',
    'candidateKey',
    'changed',
    ...figureNames.flatMap((f) => [`${f}Before`, `${f}After`, `${f}Difference`]),
    'rulesNowFiring',
    'rulesNoLongerFiring',
    'problems',
    'assessmentId',
    'baselineDecisionId',
    'baselineRuleSetHash',
  ];
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  // Rule names and problems come from the candidate's text: a spreadsheet must not run one as a formula.
  const text = spreadsheetText;
  const lines = rows.map((r) => [
    r.subject,
    r.period,
    r.baseline.source,
    r.baseline.key,
    String(r.baseline.overridden),
    r.candidate?.key ?? '',
    String(r.changed),
    ...figureNames.flatMap((f) => [cell(r.baseline.figures[f]), cell(r.candidate?.figures[f]), cell(r.difference[f])]),
    text(r.rules.nowFiring.join('; ')),
    text(r.rules.noLongerFiring.join('; ')),
    text((r.problems ?? []).join('; ')),
    r.assessmentId,
    r.baseline.decisionId,
    r.baseline.ruleSetHash,
  ]);
  return stringify([head, ...lines]);
}
