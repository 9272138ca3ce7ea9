import { Injectable } from '@nestjs/common';
import { CcgsService } from '../ccgs/ccgs.service.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { queueFacets, subjectsMatching, totalMatching, type QueueFilter, type QueueGroup } from './queue-facets.js';

export const QUEUE_PAGE_SIZE = 50;

/** The review queue as the console shows it: assessments awaiting review, oldest first, with the
 *  counts beside each filter. Grouping runs in the database, so the page stays quick however
 *  many assessments are stored. */
@Injectable()
export class ConsoleQueueService {
  private register?: Promise<Awaited<ReturnType<CcgsService['list']>>>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly ccgs: CcgsService,
  ) {}

  /** The register does not change while the process runs (see CcgsService), so read it once. */
  private registerOnce() {
    this.register ??= this.ccgs.list({}).catch((error: unknown) => {
      this.register = undefined;
      throw error;
    });
    return this.register;
  }

  async page(filter: QueueFilter, page: number) {
    const [grouped, register] = await Promise.all([
      this.prisma.assessment.groupBy({ by: ['family', 'subject', 'period'], where: { status: 'awaiting_review' }, _count: { _all: true } }),
      this.registerOnce(),
    ]);
    const byCode = new Map(register.map((c) => [c.odsCode, c]));
    const groups: QueueGroup[] = grouped.map((g) => ({
      family: g.family,
      subject: g.subject,
      period: g.period,
      areaTeam: byCode.get(g.subject)?.areaTeamName ?? '(not a CCG)',
      region: byCode.get(g.subject)?.regionName ?? '(not a CCG)',
      ccgName: byCode.get(g.subject)?.name,
      count: g._count._all,
    }));
    const subjects = subjectsMatching(groups, filter);
    const total = totalMatching(groups, filter);
    const items = await this.prisma.assessment.findMany({
      where: { status: 'awaiting_review', family: filter.family, period: filter.period, subject: subjects ? { in: subjects } : undefined },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      skip: (page - 1) * QUEUE_PAGE_SIZE,
      take: QUEUE_PAGE_SIZE,
      omit: { facts: true },
      include: {
        decisions: { select: { id: true, proposedKey: true, proposedOutcome: true, status: true }, orderBy: { createdAt: 'desc' }, take: 1 },
      },
    });
    return {
      total,
      facets: queueFacets(groups, filter),
      items: items.map((a) => ({ ...a, ccg: byCode.get(a.subject) })),
      pages: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)),
    };
  }
}
