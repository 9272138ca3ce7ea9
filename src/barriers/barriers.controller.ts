import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { noQuery } from '../common/validation.js';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { CcgScoped, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { apiBody, apiQuery, apiRefusals, apiResponse } from '../common/openapi.js';
import {
  evidenceSchema,
  linkSchema,
  listPageQuerySchema,
  raiseBarrierSchema,
  rejectSchema,
  respondSchema,
  triageSchema,
  withdrawSchema,
} from './barrier.schemas.js';
import { BarriersService } from './barriers.service.js';
import { MANDATE_OBJECTIVES } from './mandate-objectives.js';

/**
 * National barriers CCGs meet, and the Board's answers (final mandate §2.7–2.9). A ccg key raises,
 * reads, adds evidence to, withdraws and rejects answers to its own CCG's barriers only; Board staff
 * raise on a CCG's behalf, triage, link and respond. Every other barrier is not found to a ccg key.
 */
@ApiTags('barriers')
@ApiBearerAuth()
@Controller('api/v1/barriers')
export class BarriersController {
  constructor(private readonly barriers: BarriersService) {}

  @Post()
  @HttpCode(201)
  @Roles('board', 'admin', 'ccg')
  @CcgScoped()
  @apiBody(raiseBarrierSchema, {
    description: 'A ccg key raises for its own CCG (`ccg` may be left out; another CCG is refused naming `ccg`); Board staff name the CCG.',
  })
  @apiResponse(201, 'the barrier, with its reference (BAR-<year>-<nnnn>)')
  @apiRefusals(400, 422)
  raise(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.barriers.raise(body, actor);
  }

  /** Board staff: every barrier, filtered by `ccg`, `status`, `objective`, `actionArea`, `triage`,
   *  `nationalIssue`; a ccg key: its own CCG's. Newest first, `pageSize` (≤ 200) a page. */
  @Get()
  @CcgScoped()
  @apiQuery(listPageQuerySchema)
  @apiResponse(200, 'one page of barriers (page, pageSize, total, items)')
  @apiRefusals(400)
  list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.barriers.list(query, actor);
  }

  /** Barriers that are the same national issue go under one, so one answer serves every CCG. */
  @Post('link')
  @HttpCode(200)
  @Roles('board', 'admin')
  @apiBody(linkSchema)
  @apiResponse(200, 'the national issue the barriers are now under, with every CCG that raised it')
  @apiRefusals(400, 409, 422)
  link(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.barriers.link(body, actor);
  }

  @Get(':ref')
  @CcgScoped()
  get(@Param('ref') ref: string, @CurrentActor() actor: Actor) {
    return this.barriers.get(ref, actor);
  }

  @Post(':ref/evidence')
  @HttpCode(201)
  @Roles('board', 'admin', 'ccg')
  @CcgScoped()
  @apiBody(evidenceSchema)
  @apiResponse(201, 'the barrier with the evidence added')
  @apiRefusals(400, 404, 409, 422)
  addEvidence(@Param('ref') ref: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.barriers.addEvidence(ref, body, actor);
  }

  /** The CCG's own decision: Board staff triage a barrier, they do not withdraw it. */
  @Post(':ref/withdraw')
  @HttpCode(200)
  @Roles('ccg')
  @CcgScoped()
  @apiBody(withdrawSchema)
  @apiResponse(200, 'the barrier, withdrawn')
  @apiRefusals(400, 404, 409, 422)
  withdraw(@Param('ref') ref: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.barriers.withdraw(ref, body, actor);
  }

  @Post(':ref/triage')
  @HttpCode(200)
  @Roles('board', 'admin')
  @apiBody(triageSchema, { description: 'A national barrier needs an `owner` and a `responseDue` date.' })
  @apiResponse(200, 'the barrier, triaged')
  @apiRefusals(400, 404, 409, 422)
  triage(@Param('ref') ref: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.barriers.triage(ref, body, actor);
  }

  /** The CCG's record that the latest response does not answer its barrier (counted by the
   *  escalation rules). */
  @Post(':ref/response-rejection')
  @HttpCode(201)
  @Roles('ccg')
  @CcgScoped()
  @apiBody(rejectSchema)
  @apiResponse(201, 'the barrier with the rejection recorded')
  @apiRefusals(400, 404, 409, 422)
  reject(@Param('ref') ref: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.barriers.rejectResponse(ref, body, actor);
  }
}

/** National issues: Board staff's view across CCGs (a ccg key finds none of it). */
@ApiTags('barriers')
@ApiBearerAuth()
@Controller('api/v1/national-issues')
export class NationalIssuesController {
  constructor(private readonly barriers: BarriersService) {}

  @Get()
  list(@Query() query: Record<string, unknown>) {
    noQuery(query);
    return this.barriers.issues();
  }

  @Get(':ref')
  get(@Param('ref') ref: string) {
    return this.barriers.issue(ref);
  }

  /** One answer for every barrier under the issue, and the national action taken. */
  @Post(':ref/responses')
  @HttpCode(201)
  @Roles('board', 'admin')
  @apiBody(respondSchema)
  @apiResponse(201, 'the national issue with its responses')
  @apiRefusals(400, 404, 409, 422)
  respond(@Param('ref') ref: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.barriers.respond(ref, body, actor);
  }
}

/** The draft mandate's 22 objectives, which barriers cite by number. Not any CCG's data, so a ccg
 *  key reads it too. */
@ApiTags('barriers')
@ApiBearerAuth()
@Controller('api/v1/mandate')
export class MandateController {
  @Get('objectives')
  @CcgScoped()
  objectives() {
    return { items: MANDATE_OBJECTIVES };
  }
}
