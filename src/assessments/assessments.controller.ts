import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { UUID_PARAM } from '../common/uuid-param.js';
import type { Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { assessmentAcceptedSchema, batchResultSchema } from '../common/api-responses.js';
import { apiBody, apiQuery, apiRefusals, apiResponse } from '../common/openapi.js';
import { parseOrThrow } from '../common/validation.js';
import { assessmentRequestSchema, batchRequestSchema, queueQuerySchema } from './assessment.schemas.js';
import { AssessmentsService } from './assessments.service.js';
import { IntakeService } from './intake.service.js';

const idempotencyKey = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{8,128}$/.test(value)) {
    throw DomainError.invalid([{ field: 'Idempotency-Key', message: 'expected 8–128 visible ASCII characters' }], 'BAD_REQUEST');
  }
  return value;
};

const FACTS_DESCRIPTION =
  "`facts` is checked by the family's own facts schema: see the component named after the family, e.g. `QualityPremiumFacts` for `quality-premium`.";

@ApiTags('assessments')
@ApiBearerAuth()
@Controller('api/v1')
export class AssessmentsController {
  constructor(
    private readonly intake: IntakeService,
    private readonly assessments: AssessmentsService,
  ) {}

  @Post('assessments')
  @HttpCode(202)
  @Roles('board', 'panel', 'admin')
  @ApiHeader({ name: 'idempotency-key', required: false, description: 'a repeat returns the first response and creates nothing' })
  @apiBody(assessmentRequestSchema, { description: FACTS_DESCRIPTION })
  @apiResponse(202, 'queued for evaluation', assessmentAcceptedSchema)
  @apiRefusals(400, 409, 422)
  async create(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') key?: string,
  ) {
    const { status, body: answer } = await this.intake.submit(body, actor, idempotencyKey(key));
    res.status(status);
    return answer;
  }

  /** Good items are written, bad ones reported by index with their fields; 207 when mixed. */
  @Post('assessments\\:batch')
  @Roles('board', 'panel', 'admin')
  @apiBody(batchRequestSchema, { description: `Up to 1000 assessment requests. ${FACTS_DESCRIPTION}`, each: { items: assessmentRequestSchema } })
  @apiResponse(202, 'every item queued', batchResultSchema)
  @apiResponse(207, 'some items queued; each rejected one has its `statusCode`, `message` and `issues`', batchResultSchema)
  @apiResponse(422, 'no item queued (or the envelope itself is invalid)', batchResultSchema)
  async batch(@Body() body: unknown, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { items } = parseOrThrow(batchRequestSchema, body);
    const results = await this.intake.submitBatch(items, actor);
    const queued = results.filter((r) => r.status === 'queued').length;
    res.status(queued === results.length ? 202 : queued === 0 ? 422 : 207);
    return { queued, rejected: results.length - queued, results };
  }

  /** The review queue: oldest first, paged. */
  @Get('assessments')
  @apiQuery(queueQuerySchema)
  list(@Query() query: Record<string, unknown>) {
    return this.assessments.list(parseOrThrow(queueQuerySchema, query, 'query'));
  }

  @Get('assessments/:id')
  get(@Param('id', UUID_PARAM) id: string) {
    return this.assessments.get(id);
  }
}
