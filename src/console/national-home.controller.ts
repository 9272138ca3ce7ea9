import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CcgScoped, Public } from '../auth/auth.decorators.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { FamilyRegistry } from '../rules/family-registry.js';
import { ConsoleAuthGuard } from './console-auth.guard.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { ConsoleRenderer } from './console-renderer.js';
import type { ConsoleRequest } from './console-session.js';
import { ageInWords, filterChoices, inScope, parseNationalFilter, pictureView, scopeInWords, type RegisterEntry } from './national-view.js';
import { when } from './review-view.js';

/** Items listed as the oldest waiting. */
const OLDEST = 10;

/** The console's home page: the country at a glance for every signed-in role. Each family that
 *  has a national picture gives its own; this page adds the oldest items awaiting review (any
 *  family) and the region and area-team filter, which every section follows. */
@ApiExcludeController()
@Public()
@UseGuards(ConsoleAuthGuard)
@UseFilters(ConsoleExceptionFilter)
@Controller('console')
export class NationalHomeController {
  private register?: Promise<RegisterEntry[]>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly renderer: ConsoleRenderer,
    private readonly families: FamilyRegistry,
  ) {}

  /** The register does not change while the process runs (see CcgsService): read it once. */
  private registerOnce(): Promise<RegisterEntry[]> {
    this.register ??= this.prisma.ccg
      .findMany({ select: { odsCode: true, name: true, regionName: true, areaTeamName: true }, orderBy: { odsCode: 'asc' } })
      .catch((error: unknown) => {
        this.register = undefined;
        throw error;
      });
    return this.register;
  }

  /** Open to a ccg session only to send it to its own CCG's page (where signing in lands it). */
  @Get()
  @CcgScoped()
  async home(@Query() query: Record<string, unknown>, @Req() req: Request & ConsoleRequest, @Res() res: Response): Promise<void> {
    if (req.consoleSession!.role === 'ccg') return res.redirect(303, '/console/my-ccg');
    const register = await this.registerOnce();
    const filter = parseNationalFilter(query, register);
    const ccgs = register.filter((c) => inScope(c, filter));
    const filtered = Boolean(filter.region || filter.areaTeam);
    // Unfiltered, the oldest waiting include subjects that are not CCGs (a reconfiguration proposal).
    const waitingWhere = { status: 'awaiting_review' as const, ...(filtered ? { subject: { in: ccgs.map((c) => c.odsCode) } } : {}) };
    const [pictures, oldest, waiting] = await Promise.all([
      Promise.all(this.families.all().flatMap((f) => (f.nationalPicture ? [f.nationalPicture(filter, this.prisma)] : []))),
      this.prisma.assessment.findMany({
        where: waitingWhere,
        select: { id: true, family: true, subject: true, period: true, createdAt: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: OLDEST,
      }),
      this.prisma.assessment.count({ where: waitingWhere }),
    ]);
    const names = new Map(register.map((c) => [c.odsCode, c.name]));
    const now = new Date();
    this.renderer.send(req, res, 'home', {
      title: 'National picture',
      scope: scopeInWords(filter, ccgs.length),
      filter: filterChoices(register, filter),
      pictures: pictures.map(pictureView),
      waiting: {
        total: waiting,
        items: oldest.map((a) => ({
          id: a.id,
          family: this.families.title(a.family),
          subject: a.subject,
          name: names.get(a.subject) ?? a.subject,
          period: a.period,
          submitted: when(a.createdAt),
          age: ageInWords(a.createdAt, now),
        })),
      },
    });
  }
}
