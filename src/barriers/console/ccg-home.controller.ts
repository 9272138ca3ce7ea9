import { Controller, Get, Param, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CcgScoped, Public } from '../../auth/auth.decorators.js';
import { boundCcg } from '../../auth/ccg-scope.js';
import { CcgsService } from '../../ccgs/ccgs.service.js';
import { DomainError } from '../../common/domain-error.js';
import { UUID_PATTERN } from '../../common/uuid-param.js';
import { ConsoleAuthGuard, ConsoleRoles } from '../../console/console-auth.guard.js';
import { ConsoleExceptionFilter } from '../../console/console-exception.filter.js';
import { ConsoleRenderer } from '../../console/console-renderer.js';
import type { ConsoleRequest } from '../../console/console-session.js';
import { DecisionDocuments } from '../../decisions/decision-documents.service.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { FamilyRegistry } from '../../rules/family-registry.js';
import { BarriersService } from '../barriers.service.js';
import { ccgHomeView } from './barrier-pages.view.js';
import { outcomeWords } from '../../console/outcome-words.js';

type Req_ = Request & ConsoleRequest;

/** The home page shows the most pressing of a CCG's barriers (as the queue orders them); the queue has all. */
const HOME_BARRIERS = 20;

/**
 * A ccg session's home: its own CCG's standing, the decisions issued to it with their documents,
 * and its barriers with the Board's answers. What `GET /api/v1/ccgs/{its code}` gives a ccg key,
 * read through the same services; nothing here takes a CCG from the address, so there is no other
 * CCG to ask for. Other roles have the national home and the CCG pages.
 */
@ApiExcludeController()
@Public()
@UseGuards(ConsoleAuthGuard)
@UseFilters(ConsoleExceptionFilter)
@CcgScoped()
@ConsoleRoles('ccg')
@Controller('console/my-ccg')
export class CcgHomeController {
  constructor(
    private readonly ccgs: CcgsService,
    private readonly barriers: BarriersService,
    private readonly families: FamilyRegistry,
    private readonly documents: DecisionDocuments,
    private readonly prisma: PrismaService,
    private readonly renderer: ConsoleRenderer,
  ) {}

  @Get()
  async home(@Req() req: Req_, @Res() res: Response): Promise<void> {
    const actor = req.actor!;
    const own = boundCcg(actor)!;
    const [ccg, barriers] = await Promise.all([
      this.ccgs.get(own, { issuedOnly: true }),
      this.barriers.queuePage({}, actor, { page: 1, limit: HOME_BARRIERS }),
    ]);
    const standing = [];
    for (const family of this.families.all()) {
      if (family.subjectStatus) standing.push({ title: family.title, entries: (await family.subjectStatus(own, this.prisma)).entries });
    }
    const view = ccgHomeView({
      ccg,
      standing,
      decisions: ccg.decisions,
      familyTitle: (id) => this.families.title(id),
      outcomeWords: (family, key) => outcomeWords(this.families.find(family), key),
      barriers: barriers.items,
      barrierTotal: barriers.total,
      today: new Date().toISOString().slice(0, 10),
    });
    this.renderer.send(req, res, 'ccg-home', view);
  }

  /** A decision's document, as issued to this CCG: a proposal, or another CCG's decision, is not
   *  found (as on `GET /api/v1/decisions/{id}/document`). */
  @Get('decisions/:id/document')
  async document(@Param('id') id: string, @Req() req: Req_, @Res() res: Response): Promise<void> {
    const own = boundCcg(req.actor!)!;
    const visible =
      UUID_PATTERN.test(id) && (await this.prisma.decision.count({ where: { id, reviewedAt: { not: null }, assessment: { subject: own } } })) > 0;
    if (!visible) throw DomainError.notFound('decision', id);
    await this.documents.send(id, res);
  }
}
