import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { noQuery } from '../common/validation.js';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { apiBody, apiRefusals, apiResponse } from '../common/openapi.js';
import { proposalRefSchema } from './reconfiguration.family.js';
import { issueRequestSchema, judgementsRequestSchema } from './reconfiguration.panel.js';
import { ReconfigurationService } from './reconfiguration.service.js';

const proposalRef = (ref: string): string => {
  const parsed = proposalRefSchema.safeParse(ref);
  if (!parsed.success) throw DomainError.invalid([{ field: 'ref', message: parsed.error.issues[0]?.message ?? 'invalid' }], 'BAD_REQUEST');
  return parsed.data;
};

/** Proposals for service reconfiguration: their timeline, and the assurance panel's work. A
 *  proposal is submitted (and resubmitted) through POST /api/v1/assessments. */
@ApiTags('reconfiguration')
@ApiBearerAuth()
@Controller('api/v1/proposals')
export class ReconfigurationController {
  constructor(private readonly service: ReconfigurationService) {}

  @Get()
  list(@Query() query: Record<string, unknown>) {
    noQuery(query);
    return this.service.list();
  }

  @Get(':ref')
  timeline(@Param('ref') ref: string) {
    return this.service.timeline(proposalRef(ref));
  }

  /** `{decisionId?, judgements: [{test, agree: true} | {test, agree: false, result, reason}]}` */
  @Post(':ref/judgements')
  @HttpCode(201)
  @Roles('panel', 'admin')
  @apiBody(judgementsRequestSchema)
  @apiResponse(201, 'the judgements recorded')
  @apiRefusals(400, 404, 409, 422)
  judge(@Param('ref') ref: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.service.recordJudgements(proposalRef(ref), body, actor);
  }

  /** `{decisionId?, note?, actions?: [{test, action, owner}]}`: issues the stage 2 assurance report. */
  @Post(':ref/issue')
  @HttpCode(200)
  @Roles('panel', 'admin')
  @apiBody(issueRequestSchema, { required: false })
  @apiResponse(200, 'the issued stage 2 assurance report')
  @apiRefusals(400, 404, 409, 422)
  issue(@Param('ref') ref: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.service.issue(proposalRef(ref), body, actor);
  }
}
