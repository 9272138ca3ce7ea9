import type { PrismaService } from '../prisma/prisma.service.js';
import { DIRECTIONS_FROM_LEVEL } from './authorisation-summary.js';
import { isoDay } from './dates.js';

/** A CCG's authorisation today: its outcome and the conditions still open. */
export async function readAuthorisationStatus(prisma: PrismaService, code: string) {
  const record = await prisma.ccgAuthorisation.findUnique({ where: { odsCode: code } });
  const open = await prisma.authorisationCondition.findMany({ where: { odsCode: code, status: 'open' }, orderBy: { dueDate: 'asc' } });
  const underDirections = open.some((c) => c.level >= DIRECTIONS_FROM_LEVEL);
  return {
    status: !record
      ? 'not-assessed'
      : open.length === 0
        ? 'authorised'
        : record.outcome === 'established-not-authorised'
          ? 'established-not-authorised'
          : underDirections
            ? 'authorised-with-conditions-and-directions'
            : 'authorised-with-conditions',
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
