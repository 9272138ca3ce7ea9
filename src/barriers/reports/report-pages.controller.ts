import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../auth/auth.decorators.js';
import { ConsoleAuthGuard } from '../../console/console-auth.guard.js';
import { ConsoleExceptionFilter, homeOf } from '../../console/console-exception.filter.js';
import { ConsoleRenderer } from '../../console/console-renderer.js';
import type { ConsoleRequest } from '../../console/console-session.js';
import { DomainError } from '../../common/domain-error.js';
import { parseOrThrow } from '../../common/validation.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { annualReportQuery, quarterlyReportQuery, sendReport } from './barrier-reports.controller.js';
import { BarrierReportsService } from './barrier-reports.service.js';
import { reportPagesView, type QuarterOnRecord } from './report-pages.view.js';

type Req_ = Request & ConsoleRequest;

/**
 * The barrier reports in the console: the quarters and years on record, and the same printable
 * letter and annual report as the API (HTML by default here, CSV on request). National roles
 * only: a ccg session finds none of it.
 */
@ApiExcludeController()
@Public()
@UseGuards(ConsoleAuthGuard)
@UseFilters(ConsoleExceptionFilter)
@Controller('console/barrier-reports')
export class BarrierReportPagesController {
  constructor(
    private readonly reports: BarrierReportsService,
    private readonly prisma: PrismaService,
    private readonly renderer: ConsoleRenderer,
  ) {}

  @Get()
  async index(@Req() req: Req_, @Res() res: Response): Promise<void> {
    const issued = await this.prisma.barrierEscalation.groupBy({ by: ['quarter', 'inLetter'], _count: { _all: true } });
    const waiting = await this.prisma.assessment.groupBy({
      by: ['period'],
      where: { family: 'barrier-escalation', status: 'awaiting_review' },
      _count: { _all: true },
    });
    const quarters = new Map<string, QuarterOnRecord>();
    const on = (quarter: string) =>
      quarters.get(quarter) ?? quarters.set(quarter, { quarter, issued: 0, inLetter: 0, awaitingReview: 0 }).get(quarter)!;
    for (const row of issued) {
      on(row.quarter).issued += row._count._all;
      if (row.inLetter) on(row.quarter).inLetter += row._count._all;
    }
    for (const row of waiting) on(row.period).awaitingReview += row._count._all;
    this.renderer.send(req, res, 'escalation-reports', reportPagesView([...quarters.values()]));
  }

  /** The index page's quarter form lands here: a quarter it cannot read is asked for again, with
   *  the problem beside the field (400), not an error page naming the parameter. */
  @Get('quarterly')
  async quarterly(@Query() query: Record<string, unknown>, @Req() req: Req_, @Res() res: Response): Promise<void> {
    let q: ReturnType<typeof quarterlyReportQuery.parse>;
    try {
      q = parseOrThrow(quarterlyReportQuery, query, 'query', 'BAD_REQUEST');
    } catch (error) {
      const issue = error instanceof DomainError ? error.issues.find((i) => i.field === 'query.quarter') : undefined;
      if (!issue) throw error;
      const wanted = /^expected (a quarter from .+)$/.exec(issue.message)?.[1];
      const problem = Array.isArray(query.quarter) ? 'Enter one quarter' : `Enter ${wanted ?? 'a quarter like 2013-Q3 (Q1 is April to June)'}`;
      const typed = [query.quarter].flat()[0];
      const ask = {
        action: '/console/barrier-reports/quarterly',
        id: 'report-quarter',
        name: 'quarter',
        label: 'Quarter (e.g. 2013-Q3; Q1 is April to June)',
        value: typeof typed === 'string' ? typed : '',
        error: problem,
        button: 'Show the letter',
      };
      const page = { title: 'There is a problem', status: 400, message: `${problem} to see its letter.`, details: [], ask };
      return this.renderer.send(req, res, 'error', { ...page, home: homeOf(req.consoleSession?.role) }, 400);
    }
    sendReport(await this.reports.quarterly(q.quarter), q.format ?? 'html', res);
  }

  @Get('annual')
  async annual(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const q = parseOrThrow(annualReportQuery, query, 'query', 'BAD_REQUEST');
    sendReport(await this.reports.annual(q.year), q.format ?? 'html', res);
  }
}
