import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UUID_PARAM } from '../common/uuid-param.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { RulesService } from '../rules/rules.service.js';
import { ReplayService } from './replay.service.js';

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('api/v1/evaluations')
export class EvaluationsController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly replays: ReplayService,
    private readonly rules: RulesService,
  ) {}

  /** The evaluation with its explanation: every rule, every condition's fact, threshold, result. */
  @Get(':id')
  async get(@Param('id', UUID_PARAM) id: string) {
    const evaluation = await this.prisma.evaluation.findUnique({ where: { id }, include: { decision: { select: { id: true } } } });
    if (!evaluation) throw DomainError.notFound('evaluation', id);
    return { ...evaluation, results: await this.rules.storedTraces(evaluation.results, evaluation.ruleSetHash) };
  }

  /** Replaying changes nothing but is recorded, so auditors may do it. */
  @Post(':id/replay')
  @HttpCode(200)
  @Roles('auditor', 'admin', 'board', 'panel')
  replay(@Param('id', UUID_PARAM) id: string, @CurrentActor() actor: Actor) {
    return this.replays.replay(id, actor);
  }
}
