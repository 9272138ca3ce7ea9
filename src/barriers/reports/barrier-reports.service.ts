import { Injectable } from '@nestjs/common';
import { financialYearDates, quartersOfYear } from '../../common/quarter.js';
import { DocumentRenderer } from '../../decisions/document-renderer.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { issueResponses } from '../issue-responses.js';
import {
  annualReport,
  annualReportCsv,
  escalationOutcomeSchema,
  quarterlyLetter,
  quarterlyLetterCsv,
  type Answer,
  type AnnualReport,
  type EscalationRecord,
  type QuarterlyLetter,
} from './barrier-reports.js';

const day = (d: Date): string => d.toISOString().slice(0, 10);
const today = (): string => day(new Date());

export type ReportFormat = 'json' | 'html' | 'csv';
export interface RenderedReport {
  json: QuarterlyLetter | AnnualReport;
  text: (format: 'html' | 'csv') => string;
  filename: string;
}

/** Reads what the reports need (issued escalations, barriers, responses) and renders them. */
@Injectable()
export class BarrierReportsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly renderer: DocumentRenderer,
  ) {}

  async quarterly(quarter: string): Promise<RenderedReport> {
    const records = await this.escalations([quarter], true);
    const letter = quarterlyLetter(quarter, records, await this.latestAnswers(records.map((r) => r.subjectRef)), today());
    return {
      json: letter,
      text: (format) => (format === 'csv' ? quarterlyLetterCsv(letter) : this.renderer.render('barrier-escalation/quarterly-letter', letter)),
      filename: `quarterly-letter-${quarter}`,
    };
  }

  async annual(year: string): Promise<RenderedReport> {
    const { from, to } = financialYearDates(year);
    const rows = await this.prisma.barrier.findMany({
      where: { raisedOn: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) }, status: { not: 'withdrawn' } },
      select: {
        ref: true,
        objectives: true,
        raisedOn: true,
        responseDue: true,
        provenance: true,
        nationalIssue: { select: { id: true, responseDue: true } },
      },
    });
    const answers = await issueResponses(this.prisma, [...new Set(rows.flatMap((b) => (b.nationalIssue ? [b.nationalIssue.id] : [])))]);
    const barriers = rows.map((b) => {
      const first = b.nationalIssue ? answers.get(b.nationalIssue.id)?.[0] : undefined;
      const due = b.nationalIssue?.responseDue ?? b.responseDue;
      return {
        ref: b.ref,
        objectives: b.objectives,
        raisedOn: day(b.raisedOn),
        responseDue: due ? day(due) : null,
        firstAnsweredOn: first ? day(first.respondedOn) : null,
        synthetic: b.provenance === 'synthetic',
      };
    });
    const report = annualReport(year, barriers, await this.escalations(quartersOfYear(year), false), today());
    return {
      json: report,
      text: (format) => (format === 'csv' ? annualReportCsv(report) : this.renderer.render('barrier-escalation/annual-report', report)),
      filename: `annual-report-${year.replace('/', '-')}`,
    };
  }

  /** The issued escalations of the quarters (those in the letter only, if asked). */
  private async escalations(quarters: string[], letterOnly: boolean): Promise<EscalationRecord[]> {
    const rows = await this.prisma.barrierEscalation.findMany({
      where: { quarter: { in: quarters }, ...(letterOnly ? { inLetter: true } : {}) },
      orderBy: [{ quarterStart: 'asc' }, { subjectRef: 'asc' }],
    });
    return rows.map((r) => ({
      subjectRef: r.subjectRef,
      quarter: r.quarter,
      outcomeKey: r.outcomeKey,
      inLetter: r.inLetter,
      selectCommittee: r.selectCommittee,
      overridden: r.overridden,
      decisionId: r.decisionId,
      outcome: escalationOutcomeSchema.parse(r.outcome),
    }));
  }

  /** The latest answer now to each national issue named (with those of issues merged into it). */
  private async latestAnswers(refs: string[]): Promise<Map<string, Answer>> {
    const issues = await this.prisma.nationalIssue.findMany({ where: { ref: { in: refs } }, select: { id: true, ref: true } });
    const responses = await issueResponses(
      this.prisma,
      issues.map((i) => i.id),
    );
    const latest = new Map<string, Answer>();
    for (const issue of issues) {
      const last = responses.get(issue.id)?.at(-1);
      if (last) latest.set(issue.ref, { respondedOn: day(last.respondedOn), text: last.text, nationalAction: last.nationalAction });
    }
    return latest;
  }
}
