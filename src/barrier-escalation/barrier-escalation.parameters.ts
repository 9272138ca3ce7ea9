import { parseOnce } from '../rules/parse-once.js';
import { z } from 'zod';

const count = z.number().int().min(0);

/** The thresholds the rules compare facts with (as `thresholds.<name>` engine facts). They are
 *  this service's defaults, not the sources': the mandate sets no numbers for escalation. */
export const escalationThresholds = z.strictObject({
  /** An overdue issue goes into the letter once at least this many CCGs raised it… */
  letterMinCcgs: count,
  /** …in at least this many regions. */
  letterMinRegions: count,
  /** An issue this many days overdue goes into the letter however few CCGs raised it. */
  letterDaysOverdue: count,
  /** CCGs rejecting the Board's latest response that put an answered issue into the letter. */
  rejectionsForLetter: z.number().int().min(1),
  /** Quarters without an answer (counting the one it was raised in) that mark an overdue issue
   *  for the Select Committee report. */
  selectCommitteeQuarters: z.number().int().min(1),
  /** Earlier quarters' letters an issue was in that, still unresolved, mark it for the Select Committee. */
  selectCommitteeLetters: z.number().int().min(1),
  /** Days from the first barrier within which the Board is to set a response due date. */
  daysToSetDue: z.number().int().min(1),
});
export type EscalationThresholds = z.infer<typeof escalationThresholds>;

export const barrierEscalationParameters = z.object({
  /** Says whose the thresholds are. */
  parametersNote: z.string().min(10),
  thresholds: escalationThresholds,
  citations: z.record(z.string(), z.string()).default({}),
});
export type BarrierEscalationParameters = z.infer<typeof barrierEscalationParameters>;

/** A rule set's parameters, parsed once per loaded (frozen) document. */
export function barrierEscalationParametersOf(parameters: Record<string, unknown>): BarrierEscalationParameters {
  return parseOnce(barrierEscalationParameters, parameters);
}
