import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Public } from '../auth/auth.decorators.js';
import { parseOrThrow } from '../common/validation.js';
import { FamilyRegistry } from '../rules/family-registry.js';
import { ClaimsService } from './claims.service.js';
import { ConsoleAuthGuard } from './console-auth.guard.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { ConsoleQueueService, QUEUE_PAGE_SIZE } from './console-queue.service.js';
import { pagingView } from './paging.js';
import { ConsoleRenderer } from './console-renderer.js';
import { when } from './review-view.js';
import { CAN, type ConsoleRequest } from './console-session.js';
import type { RuleFamily } from '../rules/rule-family.js';
import { outcomeWords } from './outcome-words.js';
import { tagClass } from './tone-tags.js';

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const filterSchema = z.object({
  family: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  ccg: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  areaTeam: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  region: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  period: z.preprocess(blankToUndefined, z.string().max(32).optional()),
  page: z.coerce.number().int().min(1).max(100000).default(1),
});

const FILTER_LABELS = { family: 'Family', ccg: 'CCG', areaTeam: 'Area team', region: 'Region', period: 'Period' } as const;

/** The review queue: awaiting review, oldest first, filtered, with counts. */
/** The family's words for a proposed outcome in a row, or nothing when it has none (or the stored
 *  outcome does not fit them: a list row must not fail the page). */
function summaryOf(family: RuleFamily | undefined, outcome: unknown): string {
  if (!family?.summarise || outcome === null || typeof outcome !== 'object') return '';
  try {
    return family.summarise(outcome as Record<string, unknown>);
  } catch {
    return '';
  }
}

@ApiExcludeController()
@Public()
@UseGuards(ConsoleAuthGuard)
@UseFilters(ConsoleExceptionFilter)
@Controller('console')
export class QueuePagesController {
  constructor(
    private readonly queue: ConsoleQueueService,
    private readonly claims: ClaimsService,
    private readonly renderer: ConsoleRenderer,
    private readonly families: FamilyRegistry,
  ) {}

  @Get('queue')
  async page(@Query() query: Record<string, unknown>, @Req() req: Request & ConsoleRequest, @Res() res: Response): Promise<void> {
    const q = parseOrThrow(filterSchema, query, 'query', 'BAD_REQUEST');
    const { page, ...filter } = q;
    const result = await this.queue.page(filter, page);
    const claims = await this.claims.live(
      result.items.map((i) => i.id),
      req.consoleSession!,
    );
    const titles = new Map(this.families.all().map((f) => [f.id, f.title]));
    const params = (p: number) =>
      new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), page: String(p) }).toString();
    this.renderer.send(req, res, 'queue', {
      title: 'Review queue',
      total: result.total,
      filters: (Object.keys(FILTER_LABELS) as (keyof typeof FILTER_LABELS)[]).map((key) => ({
        key,
        id: `filter-${key}`,
        label: FILTER_LABELS[key],
        options: result.facets[key].map((o) => ({ ...o, label: key === 'family' ? (titles.get(o.value) ?? o.value) : (o.label ?? o.value) })),
      })),
      filtered: Object.values(filter).some(Boolean),
      items: result.items.map((a) => {
        const family = this.families.find(a.family);
        const key = a.decisions[0]?.proposedKey ?? '';
        return {
          id: a.id,
          family: titles.get(a.family) ?? a.family,
          subject: a.subject,
          ccgName: a.ccg?.name ?? a.subject,
          isCcg: Boolean(a.ccg),
          areaTeam: a.ccg?.areaTeamName ?? '',
          period: a.period,
          createdAt: when(a.createdAt),
          proposed: outcomeWords(family, key),
          proposedKey: key,
          summary: summaryOf(family, a.decisions[0]?.proposedOutcome),
          tag: tagClass(family?.tones, key),
          claim: claims.get(a.id) ?? null,
        };
      }),
      canReview: CAN.review.includes(req.consoleSession!.role),
      paging: pagingView(page, QUEUE_PAGE_SIZE, result.total, (n) => `/console/queue?${params(n)}`),
    });
  }
}
