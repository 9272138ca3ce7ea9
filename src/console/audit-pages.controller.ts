import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { exportSchema, querySchema, toFilter } from '../audit/audit.controller.js';
import { writeAuditExport } from '../audit/audit-export.js';
import { auditEventJson, AuditService, type AuditFilter } from '../audit/audit.service.js';
import { AuditSequencer } from '../audit/audit-sequencer.js';
import type { SealedAuditRecord } from '../audit/audit-chain.js';
import { Public } from '../auth/auth.decorators.js';
import { UUID_PATTERN } from '../common/uuid-param.js';
import { parseOrThrow, zodIssues } from '../common/validation.js';
import { ReplayService } from '../evaluations/replay.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { detailRows, entityLink, searchEnd, searchTime, shortHash } from './audit-view.js';
import { ConsoleAuthGuard, ConsoleRoles } from './console-auth.guard.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { ConsoleRenderer } from './console-renderer.js';
import { when } from './review-view.js';
import { CAN, type ConsoleRequest } from './console-session.js';

type Req_ = Request & ConsoleRequest;
const PAGE = 100;

/** How long the choices of entity type and action (DISTINCT over the log) are kept. */
const CHOICES_TTL_MS = 30_000;
const SEQ = /^\d{1,19}$/;

/** Query values as the audit API takes them: empty fields are no filter. */
function presentOnly(query: Record<string, unknown>, keep: string[]): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([k, v]) => keep.includes(k) && typeof v === 'string' && v.trim() !== '')
      .map(([k, v]) => [k, (v as string).trim()]),
  );
}

const FILTER_KEYS = ['entityType', 'entityId', 'actor', 'action', 'from', 'to', 'afterSeq'];
/** The page's own filters: the API's, without its forward-only `afterSeq` (the page pages both
 *  ways with `before`/`after`). */
const PAGE_FILTER_KEYS = FILTER_KEYS.filter((k) => k !== 'afterSeq');

/** The events of a filter as Prisma selects them (the same conditions as AuditService.search). */
function whereOf(f: AuditFilter, seq: Prisma.BigIntNullableFilter<'AuditEvent'>): Prisma.AuditEventWhereInput {
  return {
    entityType: f.entityType,
    entityId: f.entityId,
    actor: f.actor,
    action: f.action,
    at: f.from || f.to ? { gte: f.from, lte: f.to } : undefined,
    seq,
  };
}

/** Search the audit log, verify the chain, replay an evaluation, download the log. */
@ApiExcludeController()
@Public()
@UseGuards(ConsoleAuthGuard)
@UseFilters(ConsoleExceptionFilter)
@Controller('console')
export class AuditPagesController {
  constructor(
    private readonly audit: AuditService,
    private readonly replays: ReplayService,
    private readonly renderer: ConsoleRenderer,
    private readonly prisma: PrismaService,
    private readonly sequencer: AuditSequencer,
  ) {}

  private choices: { at: number; entityTypes: string[]; actions: string[] } | null = null;

  /** The entity types and actions present in the log, for the filters' choices; kept briefly. */
  private async distinctValues(): Promise<{ entityTypes: string[]; actions: string[] }> {
    if (this.choices && Date.now() - this.choices.at < CHOICES_TTL_MS) return this.choices;
    const [types, actions] = await Promise.all([
      this.prisma.pool.query<{ v: string }>('SELECT DISTINCT entity_type AS v FROM audit_events ORDER BY 1'),
      this.prisma.pool.query<{ v: string }>('SELECT DISTINCT action AS v FROM audit_events ORDER BY 1'),
    ]);
    this.choices = { at: Date.now(), entityTypes: types.rows.map((r) => r.v), actions: actions.rows.map((r) => r.v) };
    return this.choices;
  }

  /**
   * One page of events, newest first, keyset-paged on seq: `before` gives the page below that
   * seq (older), `after` the page above it (newer), neither the newest page. Only sealed events
   * are listed: what is committed is sealed first (as the API's search does), so an event left
   * out is one committed after that, and the next load shows it with its seq and hash.
   */
  private async page(filter: AuditFilter, before: bigint | undefined, after: bigint | undefined) {
    await this.sequencer.sealPending();
    const newerFirst = after === undefined;
    const rows = await this.prisma.auditEvent.findMany({
      where: whereOf(filter, before !== undefined ? { lt: before } : after !== undefined ? { gt: after } : { not: null }),
      orderBy: { seq: newerFirst ? 'desc' : 'asc' },
      take: PAGE,
    });
    if (!newerFirst) rows.reverse();
    if (rows.length === 0) return { rows, newer: after !== undefined, older: before !== undefined };
    const top = rows[0].seq!;
    const bottom = rows[rows.length - 1].seq!;
    const [newer, older] = await Promise.all([
      this.prisma.auditEvent.findFirst({ where: whereOf(filter, { gt: top }), select: { id: true } }),
      this.prisma.auditEvent.findFirst({ where: whereOf(filter, { lt: bottom }), select: { id: true } }),
    ]);
    return { rows, newer: newer !== null, older: older !== null };
  }

  @Get('audit')
  async search(@Query() query: Record<string, unknown>, @Req() req: Req_, @Res() res: Response): Promise<void> {
    await this.render(query, req, res, {});
  }

  /** Verifying reads the chain and changes nothing, so it is a GET: every role may press it. */
  @Get('audit/verify')
  async verify(@Query() query: Record<string, unknown>, @Req() req: Req_, @Res() res: Response): Promise<void> {
    const report = await this.audit.verify();
    await this.render(query, req, res, { verify: report });
  }

  @Get('audit/export')
  async export(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const present = presentOnly(query, [...FILTER_KEYS, 'format']);
    for (const k of ['from', 'to']) if (typeof present[k] === 'string') present[k] = searchTime(present[k]);
    const q = parseOrThrow(exportSchema, present, 'query', 'BAD_REQUEST');
    await writeAuditExport(this.audit, { ...toFilter(q, 0), to: searchEnd(q.to, query.to) }, q.format, res);
  }

  /** A replay changes no decision but is recorded, so every role may ask for one, as on the API. */
  @Post('evaluations/:id/replay')
  @ConsoleRoles(...CAN.replay)
  async replay(@Param('id', ParseUUIDPipe) id: string, @Req() req: Req_, @Res() res: Response): Promise<void> {
    const result = await this.replays.replay(id, req.actor!);
    this.renderer.send(req, res, 'replay', {
      title: result.identical ? 'Replay: identical' : 'Replay: different',
      result,
      differences: result.differences.map((d) => ({
        path: d.path,
        stored: JSON.stringify(d.stored) ?? '(absent)',
        replayed: JSON.stringify(d.replayed) ?? '(absent)',
      })),
    });
  }

  @Post('replay')
  @ConsoleRoles(...CAN.replay)
  async replayById(@Req() req: Req_, @Res() res: Response): Promise<void> {
    const posted = (req.body as Record<string, unknown> | undefined)?.evaluationId;
    const id = typeof posted === 'string' ? posted.trim() : '';
    if (!UUID_PATTERN.test(id)) {
      return this.render({}, req, res, { replayError: 'Enter an evaluation id (a UUID, as shown in the audit log)' }, 422);
    }
    return this.replay(id, req, res);
  }

  private async render(query: Record<string, unknown>, req: Req_, res: Response, extra: Record<string, unknown>, status = 200): Promise<void> {
    const filters = presentOnly(query, PAGE_FILTER_KEYS) as Record<string, string>;
    for (const k of ['from', 'to'] as const) if (filters[k] !== undefined) filters[k] = searchTime(filters[k]);
    const paging = presentOnly(query, ['before', 'after']) as { before?: string; after?: string };
    const parsed = querySchema.safeParse({ ...filters, limit: String(PAGE) });
    const searchErrors = parsed.success ? [] : zodIssues(parsed.error).map((i) => `${i.field}: ${i.message}`);
    for (const k of ['before', 'after'] as const)
      if (paging[k] !== undefined && !SEQ.test(paging[k])) searchErrors.push(`${k}: a seq (a whole number)`);
    if (searchErrors.length > 0) {
      // A bad search field is shown on the page, beside the form, not as an error page.
      extra = { ...extra, searchErrors };
      status = 400;
    }
    const filter = parsed.success ? { ...toFilter(parsed.data, PAGE), to: searchEnd(parsed.data.to, query.to) } : null;
    const before = paging.before !== undefined && SEQ.test(paging.before) ? BigInt(paging.before) : undefined;
    const after = before === undefined && paging.after !== undefined && SEQ.test(paging.after) ? BigInt(paging.after) : undefined;
    const found = filter && searchErrors.length === 0 ? await this.page(filter, before, after) : { rows: [], newer: false, older: false };
    const events = found.rows.map((e) => {
      const json = auditEventJson(e as SealedAuditRecord);
      const details = detailRows(json.payload);
      return {
        ...json,
        when: when(json.at),
        link: entityLink(json.entityType, json.entityId),
        hashShort: shortHash(json.hash),
        prevHashShort: shortHash(json.prevHash),
        details: details.rows,
        moreDetails: details.more,
        evaluationId: json.entityType === 'evaluation' ? json.entityId : null,
      };
    });
    const link = (more: Record<string, string>) => `/console/audit?${new URLSearchParams({ ...filters, ...more }).toString()}`;
    const newer = found.newer && events.length > 0 ? link({ after: events[0].seq }) : null;
    const older = found.older && events.length > 0 ? link({ before: events[events.length - 1].seq }) : null;
    const { entityTypes, actions } = await this.distinctValues();
    // The value searched for is offered even when the log (or the brief cache) has no such event.
    const options = (values: string[], chosen: string | undefined) =>
      [...new Set([...values, ...(chosen ? [chosen] : [])])].sort().map((value) => ({ value, selected: value === chosen }));
    const today = new Date().toISOString().slice(0, 10);
    this.renderer.send(
      req,
      res,
      'audit',
      {
        title: 'Audit log',
        filters: { ...filters },
        filtered: Object.keys(filters).length > 0,
        entityTypes: options(entityTypes, filters.entityType),
        actions: options(actions, filters.action),
        dateExample: today,
        timeExample: `${today} 09:30 UTC`,
        events,
        newer,
        older,
        newest: before !== undefined || after !== undefined ? link({}) : null,
        exportCsv: `/console/audit/export?${new URLSearchParams({ ...filters, format: 'csv' }).toString()}`,
        exportJsonl: `/console/audit/export?${new URLSearchParams({ ...filters, format: 'jsonl' }).toString()}`,
        ...extra,
      },
      status,
    );
  }
}
