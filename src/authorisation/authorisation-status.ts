import type { PrismaService } from '../prisma/prisma.service.js';
import { DIRECTIONS_FROM_LEVEL } from './authorisation-summary.js';
import { isoDay } from './dates.js';

export type Standing =
  'not-assessed' | 'authorised' | 'authorised-with-conditions' | 'authorised-with-conditions-and-directions' | 'established-not-authorised';

/** A CCG's standing from the outcome recorded for it (none: not decided yet) and its open
 *  conditions: free of conditions is authorised, whatever the outcome first issued. */
export function standingOf(outcome: string | undefined, openConditions: number, underDirections: boolean): Standing {
  if (outcome === undefined) return 'not-assessed';
  if (openConditions === 0) return 'authorised';
  if (outcome === 'established-not-authorised') return 'established-not-authorised';
  return underDirections ? 'authorised-with-conditions-and-directions' : 'authorised-with-conditions';
}

/** A CCG's authorisation today: its outcome and the conditions still open. */
export async function readAuthorisationStatus(prisma: PrismaService, code: string) {
  const record = await prisma.ccgAuthorisation.findUnique({ where: { odsCode: code } });
  const open = await prisma.authorisationCondition.findMany({ where: { odsCode: code, status: 'open' }, orderBy: { dueDate: 'asc' } });
  const underDirections = open.some((c) => c.level >= DIRECTIONS_FROM_LEVEL);
  return {
    status: standingOf(record?.outcome, open.length, underDirections),
    authorisation: record
      ? {
          period: record.period,
          wave: record.wave,
          outcome: record.outcome,
          decidedOn: isoDay(record.decidedOn),
          decisionId: record.decisionId,
          fullyAuthorisedOn: record.fullyAuthorisedOn ? isoDay(record.fullyAuthorisedOn) : null,
        }
      : null,
    openConditions: open.length,
    underDirections,
    nextDueDate: open[0] ? isoDay(open[0].dueDate) : null,
  };
}
