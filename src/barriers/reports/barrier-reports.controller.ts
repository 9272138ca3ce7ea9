import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { apiQuery, apiRefusals, apiResponse } from '../../common/openapi.js';
import { financialYearSchema, quarterSchema } from '../../common/quarter.js';
import { parseOrThrow } from '../../common/validation.js';
import { sendDocument } from '../../decisions/send-document.js';
import { BarrierReportsService, type RenderedReport, type ReportFormat } from './barrier-reports.service.js';

const format = z
  .enum(['json', 'html', 'csv'])
  .optional()
  .describe('json (the default), html (printable) or csv; without it, the Accept header decides');
export const quarterlyReportQuery = z.strictObject({ quarter: quarterSchema, format });
export const annualReportQuery = z.strictObject({ year: financialYearSchema, format });

const MEDIA: Record<string, ReportFormat> = { 'application/json': 'json', 'text/html': 'html', 'text/csv': 'csv' };

/** `?format=` wins; otherwise what the caller accepts, JSON when it says nothing. */
function formatOf(asked: ReportFormat | undefined, req: Request): ReportFormat {
  if (asked) return asked;
  const accepted = req.accepts(Object.keys(MEDIA));
  return (accepted && MEDIA[accepted]) || 'json';
}

export function sendReport(report: RenderedReport, as: ReportFormat, res: Response): void {
  if (as === 'json') {
    res.json(report.json);
  } else if (as === 'html') {
    sendDocument(res, report.text('html'));
  } else {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${report.filename}.csv"`);
    res.send(report.text('csv'));
  }
}

/**
 * The reports of the reverse channel (final mandate §2.7–2.9): the CCGs' quarterly letter to the
 * Board, copied to the Secretary of State, and the annual report to the Health Select Committee.
 * National roles read them; a ccg key finds neither (the guard answers 404: they name every CCG).
 */
@ApiTags('barriers')
@ApiBearerAuth()
@Controller('api/v1/barriers/reports')
export class BarrierReportsController {
  constructor(private readonly reports: BarrierReportsService) {}

  @Get('quarterly')
  @apiQuery(quarterlyReportQuery)
  @ApiProduces('application/json', 'text/html', 'text/csv')
  @apiResponse(200, 'the quarterly letter: exactly the issues whose issued escalation for the quarter puts them in it, by objective and action area')
  @apiRefusals(400)
  async quarterly(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const q = parseOrThrow(quarterlyReportQuery, query, 'query', 'BAD_REQUEST');
    sendReport(await this.reports.quarterly(q.quarter), formatOf(q.format, req), res);
  }

  @Get('annual')
  @apiQuery(annualReportQuery)
  @ApiProduces('application/json', 'text/html', 'text/csv')
  @apiResponse(200, 'the annual report: per mandate objective, the barriers raised in the year, answered, overdue and escalated')
  @apiRefusals(400)
  async annual(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const q = parseOrThrow(annualReportQuery, query, 'query', 'BAD_REQUEST');
    sendReport(await this.reports.annual(q.year), formatOf(q.format, req), res);
  }
}
