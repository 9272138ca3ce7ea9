import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { exportSchema, querySchema, toFilter } from '../audit/audit.controller.js';
import { writeAuditExport } from '../audit/audit-export.js';
import { auditEventJson, AuditService } from '../audit/audit.service.js';
import type { SealedAuditRecord } from '../audit/audit-chain.js';
import { Public } from '../auth/auth.decorators.js';
import { UUID_PATTERN } from '../common/uuid-param.js';
import { parseOrThrow, zodIssues } from '../common/validation.js';
import { ReplayService } from '../evaluations/replay.service.js';
import { ConsoleAuthGuard, ConsoleRoles } from './console-auth.guard.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { ConsoleRenderer } from './console-renderer.js';
import { when } from './review-view.js';
import { CAN, type ConsoleRequest } from './console-session.js';

type Req_ = Request & ConsoleRequest;
const PAGE = 100;

/** Long payloads (a whole outcome) are cut on the page; the downloads carry them whole. */
const shorten = (text: string, max = 240): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Where an audited entity can be seen in the console. */
function entityLink(type: string, id: string): string | null {
  if (type === 'assessment') return `/console/assessments/${id}`;
  if (type === 'decision') return `/console/decisions/${id}/document`;
  return null;
}

/** Query values as the audit API takes them: empty fields are no filter. */
function presentOnly(query: Record<string, unknown>, keep: string[]): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([k, v]) => keep.includes(k) && typeof v === 'string' && v.trim() !== '')
      .map(([k, v]) => [k, (v as string).trim()]),
  );
}

const FILTER_KEYS = ['entityType', 'entityId', 'actor', 'action', 'from', 'to', 'afterSeq'];

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
  ) {}

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
    const q = parseOrThrow(exportSchema, presentOnly(query, [...FILTER_KEYS, 'format']), 'query', 'BAD_REQUEST');
    await writeAuditExport(this.audit, toFilter(q, 0), q.format, res);
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
    const filters = presentOnly(query, FILTER_KEYS);
    const parsed = querySchema.safeParse({ ...filters, limit: String(PAGE) });
    if (!parsed.success) {
      // A bad search field is shown on the page, beside the form, not as an error page.
      extra = { ...extra, searchErrors: zodIssues(parsed.error).map((i) => `${i.field}: ${i.message}`) };
      status = 400;
    }
    const found = parsed.success ? await this.audit.search(toFilter(parsed.data, PAGE)) : [];
    const events = found.map((e) => {
      const json = auditEventJson(e as SealedAuditRecord);
      return {
        ...json,
        when: when(json.at),
        link: entityLink(json.entityType, json.entityId),
        payloadText: shorten(json.payload === null ? '' : JSON.stringify(json.payload)),
        evaluationId: json.entityType === 'evaluation' ? json.entityId : null,
      };
    });
    const withoutPaging = Object.fromEntries(Object.entries(filters).filter(([k]) => k !== 'afterSeq')) as Record<string, string>;
    const next =
      events.length === PAGE
        ? `/console/audit?${new URLSearchParams({ ...withoutPaging, afterSeq: events[events.length - 1].seq }).toString()}`
        : null;
    this.renderer.send(
      req,
      res,
      'audit',
      {
        title: 'Audit log',
        filters: { ...withoutPaging },
        events,
        next,
        exportCsv: `/console/audit/export?${new URLSearchParams({ ...withoutPaging, format: 'csv' }).toString()}`,
        exportJsonl: `/console/audit/export?${new URLSearchParams({ ...withoutPaging, format: 'jsonl' }).toString()}`,
        ...extra,
      },
      status,
    );
  }
}
