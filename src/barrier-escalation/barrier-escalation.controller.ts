import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { apiBody, apiRefusals, apiResponse } from '../common/openapi.js';
import { quarterSchema } from '../common/quarter.js';
import { UUID_PARAM } from '../common/uuid-param.js';
import { parseOrThrow } from '../common/validation.js';
import { BarrierSweepRequests, BarrierSweepService } from './sweep.service.js';

export const barrierSweepBody = z.strictObject({ quarter: quarterSchema });

/** The quarterly barrier sweep: Board staff request it; anyone national reads its report. */
@ApiTags('barriers')
@ApiBearerAuth()
@Controller('api/v1/barriers/sweeps')
export class BarrierSweepsController {
  constructor(
    private readonly requests: BarrierSweepRequests,
    private readonly sweeps: BarrierSweepService,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('board', 'admin')
  @apiBody(barrierSweepBody)
  @apiResponse(202, 'the sweep, requested: `{id, status, quarter, asOf, subjects, submitted, alreadyAssessed, refused, links}`')
  @apiRefusals(400, 422)
  async sweep(@Body() body: unknown, @CurrentActor() actor: Actor) {
    const { quarter } = parseOrThrow(barrierSweepBody, body ?? {});
    const sweep = await this.requests.request(quarter, actor);
    return { ...sweep, links: { self: `/api/v1/barriers/sweeps/${sweep.id}` } };
  }

  @Get(':id')
  @apiResponse(200, 'the sweep: its status, what it submitted and, once completed, its report')
  getSweep(@Param('id', UUID_PARAM) id: string) {
    return this.sweeps.get(id);
  }
}
