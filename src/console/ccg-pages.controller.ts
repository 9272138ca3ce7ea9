import { Controller, Get, Param, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { CcgsService } from '../ccgs/ccgs.service.js';
import { DomainError } from '../common/domain-error.js';
import { FamilyRegistry } from '../rules/family-registry.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { ConsoleAuthGuard } from './console-auth.guard.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { ConsoleRenderer } from './console-renderer.js';
import { seriesChart, type BarChartView } from './national-view.js';
import { outcomeWords } from './outcome-words.js';
import { when } from './review-view.js';
import type { ConsoleRequest } from './console-session.js';

/** A decision's status as a tag says it. */
const STATUS_WORDS: Record<string, string> = { proposed: 'Proposed', issued: 'Issued', superseded: 'Superseded' };

/** The register, and one CCG: its decisions per family and one timeline, from the tables every
 *  family shares (assessments, evaluations, decisions), so a new family appears here unasked. */
@ApiExcludeController()
@Public()
@UseGuards(ConsoleAuthGuard)
@UseFilters(ConsoleExceptionFilter)
@Controller('console/ccgs')
export class CcgPagesController {
  constructor(
    private readonly ccgs: CcgsService,
    private readonly prisma: PrismaService,
    private readonly renderer: ConsoleRenderer,
    private readonly families: FamilyRegistry,
  ) {}

  @Get()
  async list(@Req() req: Request & ConsoleRequest, @Res() res: Response): Promise<void> {
    const [ccgs, counts] = await Promise.all([this.ccgs.list({}), this.prisma.assessment.groupBy({ by: ['subject'], _count: { _all: true } })]);
    const bySubject = new Map(counts.map((c) => [c.subject, c._count._all]));
    this.renderer.send(req, res, 'ccgs', {
      title: 'CCGs',
      ccgs: ccgs.map((c) => ({ ...c, assessments: bySubject.get(c.odsCode) ?? 0 })),
    });
  }

  @Get(':code')
  async page(@Param('code') code: string, @Req() req: Request & ConsoleRequest, @Res() res: Response): Promise<void> {
    if (!/^[A-Z0-9]{2,10}$/i.test(code)) throw DomainError.notFound('CCG', code);
    const ccg = await this.prisma.ccg.findUnique({ where: { odsCode: code.toUpperCase() } });
    if (!ccg) throw DomainError.notFound('CCG', code);
    const assessments = await this.prisma.assessment.findMany({
      where: { subject: ccg.odsCode },
      omit: { facts: true },
      include: { decisions: { omit: { document: true }, orderBy: { createdAt: 'desc' } } },
      orderBy: [{ period: 'desc' }, { createdAt: 'desc' }],
    });
    const titles = new Map(this.families.all().map((f) => [f.id, f.title]));
    // What each family's own records say of the CCG now (authorisation status, intervention
    // level): lines to list and series to draw as small bar charts, each bar coloured by the tone
    // its family gave the point.
    const standing: { title: string; entries: { key: string; value: string }[]; charts: BarChartView[] }[] = [];
    for (const family of this.families.all()) {
      if (!family.subjectStatus) continue;
      const status = await family.subjectStatus(ccg.odsCode, this.prisma);
      const charts = status.series.map((s, k) => seriesChart(`standing-${standing.length}-${k}`, family.title, s));
      standing.push({ title: family.title, entries: status.entries.map((e) => ({ key: e.label, value: e.value })), charts });
    }
    const words = (familyId: string, key: string | null | undefined) => outcomeWords(this.families.find(familyId), key);
    const rows = assessments.map((a) => {
      const d = a.decisions[0];
      const key = d ? (d.finalKey ?? d.proposedKey) : null;
      return {
        assessmentId: a.id,
        family: a.family,
        period: a.period,
        status: a.status.replace('_', ' '),
        decisionId: d?.id ?? null,
        decisionStatus: d ? STATUS_WORDS[d.status] : null,
        key,
        outcome: words(a.family, key),
        overridden: d?.overridden ?? false,
        issued: d?.status === 'issued',
        // Superseded by a newer assessment of its period, or replaced by an amendment.
        superseded: a.status === 'superseded' || d?.status === 'superseded',
      };
    });
    const familyIds = [...new Set([...this.families.all().map((f) => f.id), ...assessments.map((a) => a.family)])];
    const families = familyIds
      .map((id) => ({
        id,
        title: titles.get(id) ?? id,
        rows: rows.filter((r) => r.family === id && !r.superseded),
        superseded: rows.filter((r) => r.family === id && r.superseded),
      }))
      .filter((f) => f.rows.length + f.superseded.length > 0);

    const timeline = assessments
      .flatMap((a) => [
        {
          at: a.createdAt,
          what: `${titles.get(a.family) ?? a.family} ${a.period}: assessment submitted by ${a.createdBy}`,
          assessmentId: a.id,
          decisionId: null as string | null,
        },
        ...a.decisions.flatMap((d) => [
          {
            at: d.createdAt,
            what: `${titles.get(a.family) ?? a.family} ${a.period}: decision proposed (${words(a.family, d.proposedKey)})`,
            assessmentId: a.id,
            decisionId: d.id,
          },
          ...(d.reviewedAt
            ? [
                {
                  at: d.reviewedAt,
                  what: `${titles.get(a.family) ?? a.family} ${a.period}: decision ${d.overridden ? 'overridden' : 'confirmed'} and issued (${words(a.family, d.finalKey)}) by ${d.reviewedBy}`,
                  assessmentId: a.id,
                  decisionId: d.id,
                },
              ]
            : []),
        ]),
      ])
      .sort((x, y) => y.at.getTime() - x.at.getTime())
      .map((e) => ({ ...e, at: when(e.at) }));

    this.renderer.send(req, res, 'ccg', { title: `${ccg.name} (${ccg.odsCode})`, ccg, standing, families, timeline });
  }
}
