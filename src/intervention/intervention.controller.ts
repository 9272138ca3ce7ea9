import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { sendDocument } from '../decisions/send-document.js';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { apiBody, apiQuery, apiRefusals, apiResponse } from '../common/openapi.js';
import { UUID_PARAM } from '../common/uuid-param.js';
import { parseOrThrow } from '../common/validation.js';
import { RulesService } from '../rules/rules.service.js';
import { INTERVENTION_FAMILY } from './intervention.family.js';
import { InterventionService } from './intervention.service.js';
import { financialYearSchema, quarterSchema } from './quarter.js';
import { SweepService } from './sweep.service.js';

export const dashboardQuery = z.strictObject({ quarter: quarterSchema.optional() });
export const levelsQuery = z.strictObject({ year: financialYearSchema });
const sweepBody = z.strictObject({ quarter: quarterSchema });
export const principlesQuery = z.strictObject({ quarter: quarterSchema.optional() });

@ApiTags('intervention')
@ApiBearerAuth()
@Controller('api/v1/intervention')
export class InterventionController {
  constructor(
    private readonly intervention: InterventionService,
    private readonly sweeps: SweepService,
    private readonly rules: RulesService,
  ) {}

  @Get('dashboard')
  @apiQuery(dashboardQuery)
  dashboard(@Query() query: Record<string, unknown>) {
    const q = parseOrThrow(dashboardQuery, query, 'query');
    return this.intervention.dashboard(q.quarter);
  }

  @Get('ccgs/:code/levels')
  @apiQuery(levelsQuery)
  levels(@Param('code') code: string, @Query() query: Record<string, unknown>) {
    const q = parseOrThrow(levelsQuery, query, 'query');
    return this.intervention.levelReached(code.toUpperCase(), q.year);
  }

  @Post('sweeps')
  @HttpCode(202)
  @Roles('board', 'admin')
  @apiBody(sweepBody)
  @apiResponse(202, 'the sweep, requested: `{id, status, quarter, links}`')
  @apiRefusals(422)
  async sweep(@Body() body: unknown, @CurrentActor() actor: Actor) {
    const { quarter } = parseOrThrow(sweepBody, body ?? {});
    this.rules.effectiveFor(this.rules.family(INTERVENTION_FAMILY), quarter, 'quarter');
    const sweep = await this.sweeps.request(quarter, actor);
    return { ...sweep, quarter, links: { self: `/api/v1/intervention/sweeps/${sweep.id}` } };
  }

  @Get('sweeps/:id')
  getSweep(@Param('id', UUID_PARAM) id: string) {
    return this.sweeps.get(id);
  }
}

/** Its own controller at a two-segment path, so it never meets `api/v1/rulesets/:hash`. */
@ApiTags('rulesets')
@ApiBearerAuth()
@Controller('api/v1/rulesets/intervention')
export class InterventionPrinciplesController {
  constructor(private readonly intervention: InterventionService) {}

  @Get('principles')
  @apiQuery(principlesQuery)
  principles(@Query() query: Record<string, unknown>, @Res() res: Response): void {
    const q = parseOrThrow(principlesQuery, query, 'query');
    sendDocument(res, this.intervention.principles(q.quarter));
  }
}
