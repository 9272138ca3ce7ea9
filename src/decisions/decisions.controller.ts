import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UUID_PARAM } from '../common/uuid-param.js';
import type { Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CcgScoped, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { boundCcg } from '../auth/ccg-scope.js';
import { DomainError } from '../common/domain-error.js';
import { issuedDecisionSchema } from '../common/api-responses.js';
import { apiBody, apiRefusals, apiResponse } from '../common/openapi.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { confirmSchema, overrideSchema } from './review.schemas.js';
import { ReviewService } from './review.service.js';
import { DecisionDocuments } from './decision-documents.service.js';

@ApiTags('decisions')
@ApiBearerAuth()
@Controller('api/v1/decisions')
export class DecisionsController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly review: ReviewService,
    private readonly documents: DecisionDocuments,
  ) {}

  /** A ccg key reads only decisions issued to its own CCG; any other id is not found to it. */
  private async seeOrNotFound(actor: Actor, id: string): Promise<void> {
    const own = boundCcg(actor);
    if (own === undefined) return;
    const visible = await this.prisma.decision.count({ where: { id, reviewedAt: { not: null }, assessment: { subject: own } } });
    if (visible === 0) throw DomainError.notFound('decision', id);
  }

  @Get(':id')
  @CcgScoped()
  async get(@Param('id', UUID_PARAM) id: string, @CurrentActor() actor: Actor) {
    await this.seeOrNotFound(actor, id);
    const decision = await this.prisma.decision.findUnique({
      where: { id },
      omit: { document: true },
      include: { assessment: { select: { family: true, subject: true, period: true, status: true } } },
    });
    if (!decision) throw DomainError.notFound('decision', id);
    // Superseded decisions stay readable, with the decision that replaced them.
    return {
      ...decision,
      current: decision.status !== 'superseded',
      links: { document: `/api/v1/decisions/${id}/document`, evaluation: `/api/v1/evaluations/${decision.evaluationId}` },
    };
  }

  @Get(':id/document')
  @CcgScoped()
  async document(@Param('id', UUID_PARAM) id: string, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    await this.seeOrNotFound(actor, id);
    await this.documents.send(id, res);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles('board', 'admin')
  @apiBody(confirmSchema, {
    required: false,
    description: 'Issues the proposed decision as it stands; `amends` names the issued decision it replaces.',
  })
  @apiResponse(200, 'the issued decision', issuedDecisionSchema)
  @apiRefusals(404, 409, 422)
  confirm(@Param('id', UUID_PARAM) id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.review.confirm(id, body, actor);
  }

  @Post(':id/override')
  @HttpCode(200)
  @Roles('board', 'admin')
  @apiBody(overrideSchema, {
    description:
      "`outcome` is checked by the family's own override schema: see the component named after the family, e.g. `QualityPremiumOverride` for `quality-premium`.",
  })
  @apiResponse(200, 'the issued decision', issuedDecisionSchema)
  @apiRefusals(404, 409, 422)
  override(@Param('id', UUID_PARAM) id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.review.override(id, body, actor);
  }
}
